export { ShareBlock, type ShareBlockProps } from './share-block.tsx';
