import type { CSSProperties, ReactNode } from 'react';

export type PanelProps = Readonly<{
  /** The panel's content. */
  children: ReactNode;
  /** Class names for the table (dark-mode classes). Default: none. */
  className?: string;
  /** Styles: padding goes on the cell (Outlook ignores it on tables), everything else on the table. Default: none. */
  style?: CSSProperties;
}>;

/**
 * A full-width layout table with one cell: React Email's `Section` without the
 * attributes a full-width table does not need (`align`; `border`, which is 0
 * unless set), so every block costs fewer bytes.
 */
export function Panel({ children, className, style }: PanelProps) {
  const table: Record<string, unknown> = {};
  const cell: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(style ?? {})) (key.startsWith('padding') ? cell : table)[key] = value;
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} className={className} style={table as CSSProperties}>
      <tbody>
        <tr>
          <td style={cell as CSSProperties}>{children}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** A full-width layout table with one row; its children are the cells (`<td>`). */
export function PanelRow({ children, style }: Readonly<{ children: ReactNode; style?: CSSProperties }>) {
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={style}>
      <tbody>
        <tr>{children}</tr>
      </tbody>
    </table>
  );
}
