export { Block, type BlockProps } from './block.tsx';
