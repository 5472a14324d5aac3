export { IssueShell, type IssueShellProps } from './issue-shell.tsx';
