// The search bench's vocabulary: per language, its most common words (real ones, in frequency order) followed by
// a long tail of made-up words built from that language's syllables, so a corpus has the Zipf shape of real chat
// (a few words everywhere, most words rare) in each script: Latin with diacritics, Cyrillic, Greek and CJK.
// Runtime-neutral: the Node driver (for FTS5) and the Chromium page build the same lists.

export interface Language {
  readonly code: string;
  /** Whether words are written without spaces between them (CJK). */
  readonly unspaced: boolean;
  readonly words: readonly string[];
}

const COMMON: Readonly<Record<string, string>> = {
  en: `the be to of and a in that have i it for not on with he as you do at this but his by from they we say her
    she or an will my one all would there their what so up out if about who get which go me when make can like time
    no just him know take people into year your good some could them see other than then now look only come its over
    think also back after use two how our work first well way even new want because any these give day most us
    tomorrow meeting dinner weekend train coffee photo birthday project deadline holiday flight office doctor`,
  fr: `le de un être et à il avoir ne je son que se qui ce dans en du elle au pour pas vous par sur faire plus dire
    me on mon lui nous comme mais pouvoir avec tout aller voir bien où sans tu ou leur homme si deux même prendre très
    déjà été après école fenêtre château garçon français hôpital forêt crème brûlée noël reçu demain réunion café
    gâteau soirée vacances bisous élève théâtre`,
  de: `der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat
    dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr
    durch man müssen größe straße schön grüße fußball mädchen können möchte später übermorgen frühstück bäckerei
    tschüss geburtstag wochenende`,
  es: `de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o este sí
    porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni
    contra otros ese eso ante mañana niño año señor corazón canción qué cómo está pequeño cumpleaños fiesta`,
  pl: `i w nie na się z że do to jest jak co ale po tak za o od jego tylko już mnie czy jej przez są był może będzie
    ja ty dla bardzo gdzie kiedy żeby więc dzień dobry cześć dziękuję proszę jutro wczoraj łódź źródło żółw gęś ćma
    książka mówić będę wszystko szczęście pieniądze miłość zdjęcie spotkanie`,
  ru: `и в не на я быть он с что а по это она этот к но они мы как из у который то за свой весь год от так о для ты
    же все тот мочь вы человек такой его сказать только или ещё бы себя один уже до время если сам когда другой вот
    говорить наш мой знать стать при чтобы дело жизнь привет спасибо завтра встреча ёлка пожалуйста фотография`,
  el: `και το να η της ο σε την που με τα του για δεν θα από είναι οι στο τον ένα στην των μια αλλά στα ότι τι τους
    πολύ όταν έχει εγώ εσύ εμείς αύριο καλημέρα ευχαριστώ παρακαλώ γειά σήμερα ώρα φίλος σπίτι θάλασσα καφές δουλειά
    νύχτα μέρα χρόνια αγάπη φωτογραφία`,
  cjk: `今日 明日 会議 時間 東京 電車 写真 友達 仕事 天気 食べる ありがとう こんにちは 我们 你好 谢谢 中国 北京 朋友 工作
    学习 时间 今天 明天 电话 问题 没有 什么 可以 知道 大丈夫 お疲れ様 週末 映画 駅 家族`,
};

const SYLLABLES: Readonly<Record<string, readonly string[]>> = {
  en: 'ba ter son ing ly ment pro con ful ness ro ver ex im pa le ti ca do mi st ar en or'.split(' '),
  fr: 'ba té rou mè lin çon gé vaux pié qua ï ô rè eau oi ment ète é an on ique lé'.split(' '),
  de: 'ge be ver ung keit lich ä ö ü ß sch ein hau ber mann zeit stadt wer ten ner'.split(' '),
  es: 'ca ño ción dad men te ri lla á é í ó ú ra gue mos ción ba do ta'.split(' '),
  pl: 'prze wy ść ła ży ą ę ń ó dź ki ski cz szcz wa no ro ta'.split(' '),
  ru: 'ка но ро ст ва ни ли ть ко ра ый ов ие ни же щи ша ёр ю я'.split(' '),
  el: 'κα το λο μα νι πε ρι στ ός ής ία ού έ ά ή ί ύ ώ γι ξε'.split(' '),
  cjk: '山 川 水 火 木 金 土 日 月 人 口 手 目 耳 心 花 雨 風 雲 電 話 学 生 会 社 語 本 車'.split(' '),
};

/** Words per language: the common ones, then made-up ones (the long tail). */
const WORDS_PER_LANGUAGE = 6_000;

/** A small seeded generator (mulberry32): the same seed gives the same corpus in every runtime. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const buildLanguage = (code: string, random: () => number): Language => {
  const words = (COMMON[code] ?? '').split(/\s+/).filter((word) => word.length > 0);
  const syllables = SYLLABLES[code] ?? [];
  const seen = new Set(words);
  const unspaced = code === 'cjk';
  while (words.length < WORDS_PER_LANGUAGE) {
    const length = 2 + Math.floor(random() * (unspaced ? 2 : 3));
    let word = '';
    for (let part = 0; part < length; part += 1) {
      word += syllables[Math.floor(random() * syllables.length)] ?? '';
    }
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return { code, unspaced, words };
};

export const LANGUAGE_CODES = ['en', 'fr', 'de', 'es', 'pl', 'ru', 'el', 'cjk'] as const;

/** Every language's vocabulary, most frequent word first. */
export const buildVocabulary = (seed: number): readonly Language[] => {
  const random = seededRandom(seed);
  return LANGUAGE_CODES.map((code) => buildLanguage(code, random));
};

export const EMOJI = ['😀', '😂', '👍', '❤️', '🎉', '🙏', '🔥', '😅', '🤔', '👋', '🍕', '☕', '🚀', '✅'];
