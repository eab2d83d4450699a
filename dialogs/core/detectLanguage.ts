import { fold, type Locale } from './normalize.js';

/**
 * Which of our four languages a short message is clearly written in, from greetings and common function words
 * only (no model, no dictionary): each language's cues are words or phrases the others do not use. A message is
 * placed only when one language has a strong cue (a greeting or a phrase) or at least two of its words and no
 * other language comes close; one ambiguous word ("no", "a", "de") never decides.
 */
const CUES: Record<Locale, { strong: string[]; weak: string[] }> = {
  es: {
    strong: [
      'hola',
      'buenos dias',
      'buenas tardes',
      'buenas noches',
      'buenas',
      'quiero',
      'quisiera',
      'necesito',
      'gracias',
    ],
    weak: [
      'yo',
      'el',
      'los',
      'las',
      'una',
      'del',
      'es',
      'esta',
      'estoy',
      'practica',
      'presentar',
      'tengo',
      'y',
      'pero',
      'con',
    ],
  },
  en: {
    strong: [
      'hello',
      'hi',
      'hey',
      'good morning',
      'good afternoon',
      'good evening',
      'i want',
      'i would like',
      "i'd like",
      'thanks',
      'thank you',
      'please',
    ],
    weak: [
      'the',
      'i',
      'to',
      'and',
      'is',
      'of',
      'my',
      'we',
      'want',
      'would',
      'like',
      'submit',
      'practice',
      'with',
      'how',
      'start',
    ],
  },
  pt: {
    strong: [
      'ola',
      'oi',
      'bom dia',
      'boa tarde',
      'boa noite',
      'obrigado',
      'obrigada',
      'eu quero',
      'gostaria',
      'preciso',
    ],
    weak: ['eu', 'os', 'uma', 'do', 'da', 'e', 'nao', 'voce', 'pratica', 'apresentar', 'tenho', 'com', 'estou'],
  },
  fr: {
    strong: [
      'bonjour',
      'bonsoir',
      'salut',
      'je voudrais',
      'je veux',
      'merci',
      "s'il vous plait",
      'je souhaite',
      'voudrais',
    ],
    weak: [
      'je',
      'le',
      'la',
      'les',
      'une',
      'du',
      'des',
      'et',
      'est',
      'pour',
      'avec',
      'pratique',
      'presenter',
      'nous',
      'vous',
      'comment',
      'mon',
    ],
  },
};

const LOCALES_ORDER: Locale[] = ['es', 'en', 'pt', 'fr'];

/** The message as words, folded (no accents, no case) and with punctuation dropped, padded for phrase lookups. */
function wordsOf(text: string): { words: string[]; padded: string } {
  const words = fold(text)
    .replace(/[’]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
  return { words, padded: ` ${words.join(' ')} ` };
}

export function detectLanguage(text: string): Locale | undefined {
  // Long answers are the form's content, not a greeting; the first 300 characters say enough.
  const { words, padded } = wordsOf(text.slice(0, 300));
  if (words.length === 0) return undefined;
  const scores = LOCALES_ORDER.map((locale) => {
    const { strong, weak } = CUES[locale];
    // A phrase counts only as whole words: "oi" inside "hoi" or "la" inside "lado" are not cues.
    const strongHits = strong.filter((cue) => padded.includes(` ${cue} `)).length;
    const weakHits = weak.filter((cue) => words.includes(cue)).length;
    return { locale, strong: strongHits, score: strongHits * 3 + weakHits };
  }).sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score === 0) return undefined;
  const clear = best.strong > 0 || best.score >= 2;
  // A tie, or a runner-up close behind (shared words such as "para", "como"), leaves the Teams locale in charge.
  const ahead = best.score - (second?.score ?? 0) >= 2;
  return clear && ahead ? best.locale : undefined;
}
