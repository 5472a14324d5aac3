export { KeepReading, type KeepReadingProps } from './keep-reading.tsx';
