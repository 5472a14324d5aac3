export { ActionCallout, type ActionCalloutProps } from './action-callout.tsx';
