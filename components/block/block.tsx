import type { CSSProperties, ReactNode } from 'react';
import { px, useTheme } from '../theme/index.ts';
import { Panel } from './panel.tsx';

export type BlockProps = Readonly<{
  /** The block's content. */
  children: ReactNode;
  /** Class names (dark-mode classes for a tinted block). Default: none. */
  className?: string;
  /** Extra styles, applied after the base gutter padding. Default: none. */
  style?: CSSProperties;
}>;

/** A full-width row of the content column with the standard gutters (narrower on phones). */
export function Block({ children, className, style }: BlockProps) {
  const theme = useTheme();
  const gutter = px(theme.space.lg);
  return (
    <Panel className={['dsp-gutter', className].filter(Boolean).join(' ')} style={{ padding: `${gutter} ${gutter} 0`, ...style }}>
      {children}
    </Panel>
  );
}
