/** The part of MJML 5's API the benchmark uses (the package ships no types). */
declare module 'mjml' {
  export type MjmlError = Readonly<{ line: number; message: string; tagName: string; formattedMessage: string }>;
  export type MjmlResult = Readonly<{ html: string; errors: readonly MjmlError[] }>;
  export type MjmlOptions = Readonly<Record<string, unknown>>;
  export default function mjml2html(input: string, options?: MjmlOptions): Promise<MjmlResult>;
}
