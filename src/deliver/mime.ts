/** RFC 5322 messages (.eml) built with nodemailer's MailComposer: what the outbox writes and preflight scores. */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingEmail } from '../personalise/personalise.ts';

export type MimeOptions = Readonly<{
  /** Message-ID without angle brackets, e.g. `campaign.123@example.org`. */
  messageId: string;
  /** The Date header. Default: now. */
  date?: Date;
}>;

/** The domain of a "Name <addr@domain>" or bare address, for Message-IDs. */
export function domainOf(mailbox: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(mailbox);
  return match?.[1] ?? 'localhost';
}

/** A multipart/alternative UTF-8 message with text and HTML parts and the unsubscribe headers. */
export async function buildEml(email: OutgoingEmail, options: MimeOptions): Promise<Buffer> {
  const composer = new MailComposer({
    from: email.from,
    to: email.to,
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    date: options.date ?? new Date(),
    messageId: `<${options.messageId}>`,
    headers: { ...email.headers },
    textEncoding: 'quoted-printable',
  });
  return composer.compile().build();
}
