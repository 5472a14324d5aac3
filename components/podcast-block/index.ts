export { PodcastBlock, type PodcastBlockProps } from './podcast-block.tsx';
