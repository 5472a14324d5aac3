import { ActionCallout, IssueShell, type Theme } from '../components/index.ts';
import type { ActionAlertIssue, Brand } from '../src/content/content-schema.ts';

export type ActionAlertProps = Readonly<{
  /** The issue's content. Required. */
  issue: ActionAlertIssue;
  /** The organisation. Required. */
  brand: Brand;
  /** Theme to start from; brand colours are applied over it. Default: the default theme. */
  theme?: Theme;
}>;

/** One urgent call to action ("Email your MP") with short context and supporting links, in the shared frame. */
export function ActionAlert({ issue, brand, theme }: ActionAlertProps) {
  return (
    <IssueShell issue={issue} brand={brand} theme={theme}>
      <ActionCallout {...issue.action} />
    </IssueShell>
  );
}
