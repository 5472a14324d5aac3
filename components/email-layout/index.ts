export { EmailLayout, MSO_HEAD, MSO_HEAD_MARKER, type EmailLayoutProps } from './email-layout.tsx';
