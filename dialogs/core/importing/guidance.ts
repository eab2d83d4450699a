import type { Locale } from '../normalize.js';
import { wordsOf } from './folding.js';
import type { Field } from '../fields.js';

/** A field of the table, by its key (labels.ts names the same type; declared here too so the two files do not import each other). */
type FieldKey = Field['key'];

/*
 * The questions the template prints under each label, which officials often leave in place above their
 * answer: they are dropped, not filed as the answer's first sentence. Per field and language: the Word
 * template's wording (Spanish verbatim, as in the Mexico seed; English, Portuguese and French are our
 * renderings, not confirmed against the Secretariat's translations), then the bot's own question and its
 * special-session wording (bot/locales `fields.<key>.question`, `question_session`: copied, because the core
 * reads no locale file; a test keeps them in step). Matching is on folded words and forgiving, so an
 * official's small edit still counts as the question.
 */
export const GUIDANCE: Record<FieldKey, Record<Locale, readonly string[]>> = {
  institution: {
    es: [
      'Nombre de la institución que está implementando la buena práctica:',
      '¿Qué institución está implementando la buena práctica, y de qué Estado Parte es?',
      '¿Qué institución está implementando la práctica que presenta a la sesión especial, y de qué Estado Parte es?',
    ],
    en: [
      'Name of the institution that is implementing the good practice:',
      'Which institution is implementing the good practice, and which State Party is it from?',
      'Which institution is implementing the practice you are presenting to the special session, and which State Party is it from?',
    ],
    pt: [
      'Nome da instituição que está implementando a boa prática:',
      'Qual instituição está implementando a boa prática, e de qual Estado Parte ela é?',
      'Qual instituição está implementando a prática que apresenta à sessão especial, e de qual Estado Parte ela é?',
    ],
    fr: [
      "Nom de l'institution qui met en œuvre la bonne pratique :",
      'Quelle institution met en œuvre la bonne pratique, et de quel État partie relève-t-elle ?',
      'Quelle institution met en œuvre la pratique que vous présentez à la session spéciale, et de quel État partie relève-t-elle ?',
    ],
  },
  title: {
    es: [
      'Título de la buena práctica, tema que aborda y materia de la Convención con el que se relaciona:',
      'Título de la buena práctica, tema que aborda y disposición de la Convención con la que se relaciona.',
      'Título de la práctica que presenta a la sesión especial, tema que aborda y disposición de la Convención con la que se relaciona.',
    ],
    en: [
      'Title of the good practice, topic it addresses and matter of the Convention to which it relates:',
      'Title of the good practice, the subject it addresses, and the provision of the Convention to which it relates.',
      'Title of the practice you are presenting to the special session, the subject it addresses, and the provision of the Convention to which it relates.',
    ],
    pt: [
      'Título da boa prática, tema que aborda e matéria da Convenção com a qual se relaciona:',
      'Título da boa prática, tema que aborda e disposição da Convenção com a qual se relaciona.',
      'Título da prática que apresenta à sessão especial, tema que aborda e disposição da Convenção com a qual se relaciona.',
    ],
    fr: [
      'Titre de la bonne pratique, thème abordé et matière de la Convention à laquelle elle se rapporte :',
      'Titre de la bonne pratique, thème abordé et disposition de la Convention à laquelle elle se rapporte.',
      'Titre de la pratique que vous présentez à la session spéciale, thème abordé et disposition de la Convention à laquelle elle se rapporte.',
    ],
  },
  description: {
    es: [
      'Incluir una descripción breve y un resumen de la buena práctica, así como una explicación sobre la razón por la que debe ser considerada como una buena práctica, refiriéndose expresamente a la sustentabilidad de la misma:',
      'Incluya una descripción breve y un resumen de la buena práctica, explique por qué debe considerarse una buena práctica y refiérase expresamente a su sustentabilidad.',
      'Incluya una descripción breve y un resumen de la práctica que presenta a la sesión especial, explique por qué es pertinente para la sesión especial y refiérase expresamente a su sustentabilidad.',
    ],
    en: [
      'Include a brief description and a summary of the good practice, as well as an explanation of why it should be considered a good practice, referring expressly to its sustainability:',
      'Include a brief description and a summary of the good practice, explain why it should be considered a good practice, and refer expressly to its sustainability.',
      'Include a brief description and a summary of the practice you are presenting to the special session, explain why it is relevant to the special session, and refer expressly to its sustainability.',
    ],
    pt: [
      'Incluir uma breve descrição e um resumo da boa prática, bem como uma explicação sobre a razão pela qual deve ser considerada uma boa prática, referindo-se expressamente à sua sustentabilidade:',
      'Inclua uma breve descrição e um resumo da boa prática, explique por que ela deve ser considerada uma boa prática e refira-se expressamente à sua sustentabilidade.',
      'Inclua uma breve descrição e um resumo da prática que apresenta à sessão especial, explique por que ela é pertinente para a sessão especial e refira-se expressamente à sua sustentabilidade.',
    ],
    fr: [
      'Inclure une brève description et un résumé de la bonne pratique, ainsi qu’une explication de la raison pour laquelle elle doit être considérée comme une bonne pratique, en se référant expressément à sa durabilité :',
      'Incluez une brève description et un résumé de la bonne pratique, expliquez pourquoi elle doit être considérée comme une bonne pratique et mentionnez expressément sa durabilité.',
      'Incluez une brève description et un résumé de la pratique que vous présentez à la session spéciale, expliquez pourquoi elle est pertinente pour la session spéciale et mentionnez expressément sa durabilité.',
    ],
  },
  reasons: {
    es: [
      'Expresar las razones por las que se desarrolló la buena práctica. Describir la situación existente antes de la adopción de la buena práctica e identificar el problema o problemas que aborda:',
      '¿Por qué se desarrolló la buena práctica? Describa la situación anterior a su adopción y el problema o problemas que aborda.',
      '¿Por qué se desarrolló la práctica que presenta a la sesión especial? Describa la situación anterior a su adopción y el problema o problemas que aborda.',
    ],
    en: [
      'State the reasons why the good practice was developed. Describe the situation that existed before the good practice was adopted and identify the problem or problems it addresses:',
      'Why was the good practice developed? Describe the situation before it was adopted and the problem or problems it addresses.',
      'Why was the practice you are presenting to the special session developed? Describe the situation before it was adopted and the problem or problems it addresses.',
    ],
    pt: [
      'Expressar as razões pelas quais a boa prática foi desenvolvida. Descrever a situação existente antes da adoção da boa prática e identificar o problema ou problemas que aborda:',
      'Por que a boa prática foi desenvolvida? Descreva a situação anterior à sua adoção e o problema ou problemas que ela aborda.',
      'Por que a prática que apresenta à sessão especial foi desenvolvida? Descreva a situação anterior à sua adoção e o problema ou problemas que ela aborda.',
    ],
    fr: [
      'Exposer les raisons pour lesquelles la bonne pratique a été élaborée. Décrire la situation existant avant son adoption et identifier le ou les problèmes qu’elle traite :',
      "Pourquoi la bonne pratique a-t-elle été élaborée ? Décrivez la situation antérieure à son adoption et le ou les problèmes qu'elle traite.",
      "Pourquoi la pratique que vous présentez à la session spéciale a-t-elle été élaborée ? Décrivez la situation antérieure à son adoption et le ou les problèmes qu'elle traite.",
    ],
  },
  approach: {
    es: [
      '¿Cuáles fueron el diseño y la metodología propuestos para aplicar la buena práctica? ¿Qué se consideró para su diseño y metodología? ¿Se tomaron en cuenta experiencias en otros países? ¿Se utilizó una legislación modelo?:',
      '¿Cuáles fueron el diseño y la metodología para aplicar la buena práctica? ¿Qué se consideró? ¿Se tomaron en cuenta experiencias de otros países? ¿Se utilizó una legislación modelo?',
      '¿Cuáles fueron el diseño y la metodología para aplicar la práctica que presenta a la sesión especial? ¿Qué se consideró? ¿Se tomaron en cuenta experiencias de otros países? ¿Se utilizó una legislación modelo?',
    ],
    en: [
      'What were the design and methodology proposed for applying the good practice? What was considered for its design and methodology? Were experiences in other countries taken into account? Was model legislation used?:',
      'What were the design and methodology for applying the good practice? What was taken into consideration? Were the experiences of other countries taken into account? Was model legislation used?',
      'What were the design and methodology for applying the practice you are presenting to the special session? What was taken into consideration? Were the experiences of other countries taken into account? Was model legislation used?',
    ],
    pt: [
      'Quais foram o desenho e a metodologia propostos para aplicar a boa prática? O que foi considerado para o seu desenho e metodologia? Foram levadas em conta experiências de outros países? Foi utilizada uma legislação modelo?:',
      'Quais foram o desenho e a metodologia para aplicar a boa prática? O que foi considerado? Foram levadas em conta experiências de outros países? Foi utilizada uma legislação modelo?',
      'Quais foram o desenho e a metodologia para aplicar a prática que apresenta à sessão especial? O que foi considerado? Foram levadas em conta experiências de outros países? Foi utilizada uma legislação modelo?',
    ],
    fr: [
      'Quels ont été la conception et la méthodologie proposées pour appliquer la bonne pratique ? Qu’a-t-on pris en considération pour sa conception et sa méthodologie ? A-t-on tenu compte d’expériences dans d’autres pays ? A-t-on utilisé une législation type ? :',
      "Quels ont été la conception et la méthodologie pour appliquer la bonne pratique ? Qu'a-t-on pris en considération ? A-t-on tenu compte des expériences d'autres pays ? A-t-on utilisé une législation type ?",
      "Quels ont été la conception et la méthodologie pour appliquer la pratique que vous présentez à la session spéciale ? Qu'a-t-on pris en considération ? A-t-on tenu compte des expériences d'autres pays ? A-t-on utilisé une législation type ?",
    ],
  },
  implementation: {
    es: [
      '¿Cómo se está implementando la buena práctica? ¿Cuáles fueron los recursos financieros y humanos necesarios para su implementación?:',
      '¿Cómo se está implementando la buena práctica? ¿Qué recursos financieros y humanos se necesitaron?',
      '¿Cómo se está implementando la práctica que presenta a la sesión especial? ¿Qué recursos financieros y humanos se necesitaron?',
    ],
    en: [
      'How is the good practice being implemented? What were the financial and human resources needed for its implementation?:',
      'How is the good practice being implemented? What financial and human resources were needed?',
      'How is the practice you are presenting to the special session being implemented? What financial and human resources were needed?',
    ],
    pt: [
      'Como a boa prática está sendo implementada? Quais foram os recursos financeiros e humanos necessários para a sua implementação?:',
      'Como a boa prática está sendo implementada? Que recursos financeiros e humanos foram necessários?',
      'Como a prática que apresenta à sessão especial está sendo implementada? Que recursos financeiros e humanos foram necessários?',
    ],
    fr: [
      'Comment la bonne pratique est-elle mise en œuvre ? Quelles ont été les ressources financières et humaines nécessaires à sa mise en œuvre ? :',
      'Comment la bonne pratique est-elle mise en œuvre ? Quelles ressources financières et humaines ont été nécessaires ?',
      'Comment la pratique que vous présentez à la session spéciale est-elle mise en œuvre ? Quelles ressources financières et humaines ont été nécessaires ?',
    ],
  },
  result: {
    es: [
      '¿Cuál es el resultado final o el resultado final esperado de la implementación de la buena práctica? ¿Cuáles han sido los beneficios o experiencias exitosas? ¿Se han enfrentado los problemas identificados que dieron origen a la implementación de la buena práctica? ¿Cuál ha sido su impacto?:',
      '¿Cuál es el resultado final o esperado? ¿Qué beneficios o experiencias exitosas hubo? ¿Se resolvieron los problemas que le dieron origen? ¿Cuál ha sido su impacto?',
    ],
    en: [
      'What is the final result or the expected final result of the implementation of the good practice? What have been the benefits or successful experiences? Have the problems identified that gave rise to the implementation of the good practice been addressed? What has been its impact?:',
      'What is the final or expected result? What benefits or successful experiences have there been? Were the problems that gave rise to it solved? What has its impact been?',
    ],
    pt: [
      'Qual é o resultado final ou o resultado final esperado da implementação da boa prática? Quais foram os benefícios ou experiências bem-sucedidas? Os problemas identificados que deram origem à implementação da boa prática foram enfrentados? Qual tem sido o seu impacto?:',
      'Qual é o resultado final ou esperado? Que benefícios ou experiências bem-sucedidas houve? Os problemas que lhe deram origem foram resolvidos? Qual tem sido o seu impacto?',
    ],
    fr: [
      'Quel est le résultat final ou le résultat final attendu de la mise en œuvre de la bonne pratique ? Quels ont été les avantages ou les expériences réussies ? Les problèmes identifiés à l’origine de la mise en œuvre de la bonne pratique ont-ils été traités ? Quel a été son impact ? :',
      'Quel est le résultat final ou attendu ? Quels avantages ou expériences réussies en ont découlé ? Les problèmes qui sont à son origine ont-ils été résolus ? Quel a été son impact ?',
    ],
  },
  cooperation: {
    es: [
      '¿Puede la buena práctica ser adaptada y servir a otros países? ¿Podría brindar asistencia técnica a otros países para la implementación de la misma? Indicar el punto de contacto de la entidad que podría brindar esta asistencia:',
      '¿Puede la buena práctica adaptarse y servir a otros países? ¿Podría la institución brindar asistencia técnica? Indique el punto de contacto para esa asistencia.',
      '¿Puede la práctica que presenta a la sesión especial adaptarse y servir a otros países? ¿Podría la institución brindar asistencia técnica? Indique el punto de contacto para esa asistencia.',
    ],
    en: [
      'Can the good practice be adapted and be of use to other countries? Could you provide technical assistance to other countries for its implementation? Indicate the contact point of the entity that could provide this assistance:',
      'Can the good practice be adapted and be of use to other countries? Could the institution provide technical assistance? Indicate the point of contact for that assistance.',
      'Can the practice you are presenting to the special session be adapted and be of use to other countries? Could the institution provide technical assistance? Indicate the point of contact for that assistance.',
    ],
    pt: [
      'A boa prática pode ser adaptada e servir a outros países? Poderia prestar assistência técnica a outros países para a sua implementação? Indicar o ponto de contato da entidade que poderia prestar essa assistência:',
      'A boa prática pode ser adaptada e servir a outros países? A instituição poderia prestar assistência técnica? Indique o ponto de contato para essa assistência.',
      'A prática que apresenta à sessão especial pode ser adaptada e servir a outros países? A instituição poderia prestar assistência técnica? Indique o ponto de contato para essa assistência.',
    ],
    fr: [
      'La bonne pratique peut-elle être adaptée et servir à d’autres pays ? Pourriez-vous fournir une assistance technique à d’autres pays pour sa mise en œuvre ? Indiquer le point de contact de l’entité qui pourrait fournir cette assistance :',
      "La bonne pratique peut-elle être adaptée et servir à d'autres pays ? L'institution pourrait-elle fournir une assistance technique ? Indiquez le point de contact pour cette assistance.",
      "La pratique que vous présentez à la session spéciale peut-elle être adaptée et servir à d'autres pays ? L'institution pourrait-elle fournir une assistance technique ? Indiquez le point de contact pour cette assistance.",
    ],
  },
  followUp: {
    es: [
      '¿Quién o qué grupos se encargarán de dar seguimiento a la implementación de la buena práctica? ¿Cómo se vigilará su implementación? ¿Habrán informe de seguimiento?:',
      '¿Quién dará seguimiento a la implementación de la buena práctica? ¿Cómo se vigilará? ¿Habrá informes de seguimiento?',
      '¿Quién dará seguimiento a la implementación de la práctica que presenta a la sesión especial? ¿Cómo se vigilará? ¿Habrá informes de seguimiento?',
    ],
    en: [
      'Who or what groups will be in charge of following up on the implementation of the good practice? How will its implementation be monitored? Will there be follow-up reports?:',
      'Who will follow up on the implementation of the good practice? How will it be monitored? Will there be follow-up reports?',
      'Who will follow up on the implementation of the practice you are presenting to the special session? How will it be monitored? Will there be follow-up reports?',
    ],
    pt: [
      'Quem ou que grupos se encarregarão de acompanhar a implementação da boa prática? Como a sua implementação será monitorada? Haverá relatórios de acompanhamento?:',
      'Quem fará o acompanhamento da implementação da boa prática? Como ela será monitorada? Haverá relatórios de acompanhamento?',
      'Quem fará o acompanhamento da implementação da prática que apresenta à sessão especial? Como ela será monitorada? Haverá relatórios de acompanhamento?',
    ],
    fr: [
      'Qui ou quels groupes seront chargés du suivi de la mise en œuvre de la bonne pratique ? Comment sa mise en œuvre sera-t-elle contrôlée ? Y aura-t-il des rapports de suivi ? :',
      'Qui assurera le suivi de la mise en œuvre de la bonne pratique ? Comment sera-t-elle contrôlée ? Y aura-t-il des rapports de suivi ?',
      'Qui assurera le suivi de la mise en œuvre de la pratique que vous présentez à la session spéciale ? Comment sera-t-elle contrôlée ? Y aura-t-il des rapports de suivi ?',
    ],
  },
  lessons: {
    es: [
      '¿Cuáles han sido algunas de las lecciones aprendidas de la implementación de la buena práctica? ¿Cuáles han sido los desafíos para la implementación de la buena práctica?:',
      '¿Qué lecciones se han aprendido en la implementación de la buena práctica? ¿Cuáles han sido los desafíos?',
      '¿Qué lecciones se han aprendido en la implementación de la práctica que presenta a la sesión especial? ¿Cuáles han sido los desafíos?',
    ],
    en: [
      'What have been some of the lessons learned from the implementation of the good practice? What have been the challenges for the implementation of the good practice?:',
      'What lessons have been learned in implementing the good practice? What have the challenges been?',
      'What lessons have been learned in implementing the practice you are presenting to the special session? What have the challenges been?',
    ],
    pt: [
      'Quais foram algumas das lições aprendidas com a implementação da boa prática? Quais foram os desafios para a implementação da boa prática?:',
      'Que lições foram aprendidas na implementação da boa prática? Quais foram os desafios?',
      'Que lições foram aprendidas na implementação da prática que apresenta à sessão especial? Quais foram os desafios?',
    ],
    fr: [
      'Quels sont quelques-uns des enseignements tirés de la mise en œuvre de la bonne pratique ? Quelles ont été les difficultés de la mise en œuvre de la bonne pratique ? :',
      'Quels enseignements ont été tirés de la mise en œuvre de la bonne pratique ? Quelles ont été les difficultés ?',
      'Quels enseignements ont été tirés de la mise en œuvre de la pratique que vous présentez à la session spéciale ? Quelles ont été les difficultés ?',
    ],
  },
  documents: {
    es: [
      '¿Dónde puede encontrarse más información sobre la buena práctica? (por ejemplo, enlaces en Internet):',
      '¿Dónde puede encontrarse más información sobre la buena práctica? (por ejemplo, enlaces en Internet)',
      '¿Dónde puede encontrarse más información sobre la práctica que presenta a la sesión especial? (por ejemplo, enlaces en Internet)',
    ],
    en: [
      'Where can more information about the good practice be found? (for example, Internet links):',
      'Where can more information about the good practice be found? (for example, Internet links)',
      'Where can more information about the practice you are presenting to the special session be found? (for example, Internet links)',
    ],
    pt: [
      'Onde se pode encontrar mais informação sobre a boa prática? (por exemplo, links na internet):',
      'Onde se pode encontrar mais informação sobre a boa prática? (por exemplo, links na internet)',
      'Onde se pode encontrar mais informação sobre a prática que apresenta à sessão especial? (por exemplo, links na internet)',
    ],
    fr: [
      "Où peut-on trouver davantage d'informations sur la bonne pratique ? (par exemple, des liens Internet) :",
      "Où peut-on trouver davantage d'informations sur la bonne pratique ? (par exemple, des liens Internet)",
      "Où peut-on trouver davantage d'informations sur la pratique que vous présentez à la session spéciale ? (par exemple, des liens Internet)",
    ],
  },
  contact: {
    es: [
      'Con quién comunicarse para recibir mayor información:',
      '¿Con quién comunicarse para recibir más información?',
    ],
    en: ['Whom to contact to receive further information:', 'Whom should be contacted for more information?'],
    pt: [
      'Com quem se comunicar para receber mais informações:',
      'Com quem entrar em contato para obter mais informações?',
    ],
    fr: [
      'Qui contacter pour recevoir de plus amples informations :',
      "Qui contacter pour obtenir davantage d'informations ?",
    ],
  },
};

// One sentence at the start of a text, with what closes it: "?", ":", "." and footnote marks ("…misma:¹").
const SENTENCE = /^\s*[^?:.!\n]*[?:.!]+(?:[\s¹²³⁴⁵⁶⁷⁸⁹⁰:]|\*\*(?=\s|$))*/;

/** Every sentence of every wording of a field's questions, as sets of folded words. */
const QUESTIONS = new Map<string, Set<string>[]>();
function questionsOf(field: FieldKey): Set<string>[] {
  let out = QUESTIONS.get(field);
  if (!out) {
    out = Object.values(GUIDANCE[field])
      .flat()
      .flatMap(sentences)
      .map((s) => new Set(wordsOf(s)));
    QUESTIONS.set(field, out);
  }
  return out;
}

function sentences(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (let m = SENTENCE.exec(rest); m && m[0]; m = SENTENCE.exec(rest)) {
    out.push(m[0]);
    rest = rest.slice(m[0].length);
  }
  return rest.trim() ? [...out, rest] : out;
}

// Most of the sentence's words are the question's, and it says most of the question: a light edit still matches.
// A sentence that does not end as a question or a prompt ("?", ":") must be nearer still: it may be the answer.
function isQuestion(sentence: string, field: FieldKey): boolean {
  const words = wordsOf(sentence);
  if (words.length < 3) return false;
  const [mine, theirs] = /[?:]\s*$/.test(sentence.replace(/[\s¹²³⁴⁵⁶⁷⁸⁹⁰*:]+$/, (m) => (m.includes(':') ? ':' : '')))
    ? [0.8, 0.6]
    : [0.9, 0.8];
  return questionsOf(field).some((q) => {
    const shared = words.filter((w) => q.has(w));
    return shared.length / words.length >= mine && new Set(shared).size / q.size >= theirs;
  });
}

/** The text without the field's template questions at its start (all of it when it holds nothing else). */
export function stripGuidance(field: FieldKey, text: string): string {
  let rest = text;
  for (let m = SENTENCE.exec(rest); m && m[0] && isQuestion(m[0], field); m = SENTENCE.exec(rest))
    rest = rest.slice(m[0].length);
  // The template's "(por ejemplo, enlaces en Internet)" after its question, with nothing to close it.
  if (rest !== text && /^\s*\([^()\n]*\)\s*$/.test(rest) && isQuestion(rest, field)) rest = '';
  return rest === text ? text : rest.replace(/^[\s:]+/, '').trimEnd();
}

export const startsWithGuidance = (field: FieldKey, text: string): boolean => stripGuidance(field, text) !== text;
