export { DonateAppeal, type DonateAppealProps } from './donate-appeal.tsx';
