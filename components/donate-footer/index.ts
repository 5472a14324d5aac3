export { DonateFooter, type DonateFooterProps } from './donate-footer.tsx';
