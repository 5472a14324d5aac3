export { EmailLayout, Preheader, MSO_HEAD, MSO_HEAD_MARKER, type EmailLayoutProps } from './email-layout.tsx';
export { OFFICE_NAMESPACES, OfficeNamespacesDeclared } from './namespaces.ts';
