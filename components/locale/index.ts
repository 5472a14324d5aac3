export { textDirection, formatDate, type Direction } from './locale.ts';
export { messagesFor, NETWORK_NAMES, type Messages } from './messages.ts';
