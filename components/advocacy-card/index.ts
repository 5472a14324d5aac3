export { AdvocacyCard, type AdvocacyCardProps } from './advocacy-card.tsx';
