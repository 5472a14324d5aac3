export { textDirection, formatDate, type Direction } from './locale.ts';
export { DirectionContext, useDirection, paddingInlineEnd, borderInlineStart, textAlignEnd } from './direction.ts';
export { messagesFor, NETWORK_NAMES, type Messages } from './messages.ts';
