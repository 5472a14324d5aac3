/** Which template renders which issue. The only place the render step meets React. */
import type { ReactElement } from 'react';
import { ActionAlert } from '../../templates/action-alert.tsx';
import { Digest } from '../../templates/digest.tsx';
import type { Brand, Issue } from '../content/content-schema.ts';
import type { Theme } from '../../components/index.ts';

/** The React element for an issue, chosen by its `template` field. */
export function templateElement(issue: Issue, brand: Brand, theme?: Theme): ReactElement {
  switch (issue.template) {
    case 'digest':
      return <Digest issue={issue} brand={brand} theme={theme} />;
    case 'action-alert':
      return <ActionAlert issue={issue} brand={brand} theme={theme} />;
  }
}
