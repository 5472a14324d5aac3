/**
 * Logical sides as physical ones. Gmail, Outlook and Yahoo ignore
 * `padding-inline-*` and `border-inline-*` (caniemail), so components write
 * left or right for the text direction instead.
 */
import { createContext, useContext, type CSSProperties } from 'react';
import type { Direction } from './locale.ts';

/** The email's text direction, provided by the layout for components that have no locale of their own. */
export const DirectionContext = createContext<Direction>('ltr');

export const useDirection = (): Direction => useContext(DirectionContext);

/** Padding at the end of the line: right in left-to-right text, left in right-to-left. */
export const paddingInlineEnd = (dir: Direction, value: string): CSSProperties => (dir === 'rtl' ? { paddingLeft: value } : { paddingRight: value });

/** A border at the start of the line: left in left-to-right text, right in right-to-left. */
export const borderInlineStart = (dir: Direction, value: string): CSSProperties => (dir === 'rtl' ? { borderRight: value } : { borderLeft: value });

/** The end of the line as a side for `text-align`: right in left-to-right text, left in right-to-left (Outlook and Yahoo ignore `end`). */
export const textAlignEnd = (dir: Direction): 'left' | 'right' => (dir === 'rtl' ? 'left' : 'right');
