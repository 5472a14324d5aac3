/**
 * Preview entry for `email dev` (npm run dev): the action-alert template with the sample
 * content as its PreviewProps. Preview only: the library imports templates/action-alert.tsx,
 * which depends on nothing generated; fixtures/ is compiled by predev.
 */
import { ActionAlert, type ActionAlertProps } from '../templates/action-alert.tsx';
import { brand, sampleActionAlert } from '../fixtures/index.ts';

export default function ActionAlertPreview(props: ActionAlertProps) {
  return <ActionAlert {...props} />;
}

ActionAlertPreview.PreviewProps = { issue: sampleActionAlert, brand } satisfies ActionAlertProps;
