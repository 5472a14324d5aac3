export { Block, type BlockProps } from './block.tsx';
export { Panel, PanelRow, type PanelProps } from './panel.tsx';
