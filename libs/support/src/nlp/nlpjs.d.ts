// The few parts of nlp.js (plain JavaScript, no types of its own) that the engine uses.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
  }
  export function containerBootstrap(): Container;
}
declare module '@nlpjs/nlp' {
  import type { Container } from '@nlpjs/core';
  export interface NlpResult {
    locale: string;
    intent: string;
    score: number;
    classifications: { intent: string; score: number }[];
    sentiment?: { score: number; numWords: number; numHits: number; average: number; vote: string };
  }
  export class Nlp {
    constructor(settings: Record<string, unknown>, container?: Container);
    addLanguage(locales: string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<NlpResult>;
    export(minified?: boolean): string;
    import(json: string): void;
  }
}
declare module '@nlpjs/language' {
  export class Language {
    guess(utterance: string, allowList?: string[] | null, limit?: number): { alpha2: string; score: number }[];
  }
}
declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-ms' {
  export const LangMs: unknown;
}
declare module '@nlpjs/lang-id' {
  export const LangId: unknown;
}
declare module '@nlpjs/lang-de' {
  export const LangDe: unknown;
}
declare module '@nlpjs/lang-es' {
  export const LangEs: unknown;
}
declare module '@nlpjs/lang-fr' {
  export const LangFr: unknown;
}
declare module '@nlpjs/lang-it' {
  export const LangIt: unknown;
}
declare module '@nlpjs/lang-pt' {
  export const LangPt: unknown;
}
