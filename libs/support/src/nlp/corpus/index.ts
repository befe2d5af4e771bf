import type { Language, LanguageCorpus } from '../intents';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { id } from './id';
import { it } from './it';
import { ms } from './ms';
import { pt } from './pt';

/** The platform's corpus, per language (see intents.ts for its shape). */
export const CORPUS: Record<Language, LanguageCorpus> = { en, ms, id, de, es, fr, it, pt };
