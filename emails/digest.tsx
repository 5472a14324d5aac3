/**
 * Preview entry for `email dev` (npm run dev): the digest template with the sample
 * content as its PreviewProps. Preview only: the library imports templates/digest.tsx,
 * which depends on nothing generated; fixtures/ is compiled by predev.
 */
import { Digest, type DigestProps } from '../templates/digest.tsx';
import { brand, sampleDigest } from '../fixtures/index.ts';

export default function DigestPreview(props: DigestProps) {
  return <Digest {...props} />;
}

DigestPreview.PreviewProps = { issue: sampleDigest, brand } satisfies DigestProps;
