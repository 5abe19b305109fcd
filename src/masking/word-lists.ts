import clinical from './data/clinical-words.json' with { type: 'json' };
import names from './data/name-dictionary.json' with { type: 'json' };
import ordinary from './data/ordinary-words.json' with { type: 'json' };
import streets from './data/street-suffixes.json' with { type: 'json' };

// The name detector's word lists, as data. name-dictionary.json and ordinary-words.json are
// written by scripts/masking/generate-word-lists.ts (`--check` says whether they still match
// their sources); clinical-words.json is hand-made. The runtime never imports faker.

/** Given names (any case, as listed). */
export const GIVEN_NAMES: readonly string[] = names.given;
export const FAMILY_NAMES: readonly string[] = names.family;
/** Given names that are also ordinary words or family names: a name only next to another name or after context. */
export const AMBIGUOUS_GIVEN_NAMES: readonly string[] = names.ambiguousGiven;
export const AMBIGUOUS_FAMILY_NAMES: readonly string[] = names.ambiguousFamily;
/** Frequent English words, lower case, no unambiguous name among them. */
export const ORDINARY_WORDS: readonly string[] = ordinary.words;

const words = (sections: ReadonlyArray<{ words: readonly string[] }>): readonly string[] => sections.flatMap((s) => s.words);
/** Departments, disease eponyms and section headings: never a person's name on their own. Lower case. */
export const CLINICAL_WORDS: readonly string[] = words(clinical.clinicalWords);
/** Drugs, lab words, languages and nationalities: never a surname either ("Grace Lisinopril" is a name alone). */
export const NON_SURNAME_WORDS: readonly string[] = words(clinical.nonSurnameWords);
/** Nouns after which a capitalised word is a disease or sign eponym, not a person ("Addison disease"). */
export const EPONYM_NOUNS: readonly string[] = words(clinical.eponymNouns);

/** Street suffixes, as a street name writes them ("Avenue"): USPS Publication 28 and British ones (street-suffixes.json, written by scripts/masking/generate-street-suffixes.ts). */
export const STREET_SUFFIX_WORDS: readonly string[] = streets.suffixes;
/** The USPS abbreviations and accepted spellings of those suffixes that are not a full suffix ("Ave", "Blvd", "Cntr"). */
export const STREET_SUFFIX_ABBREVIATIONS: readonly string[] = streets.abbreviations;
