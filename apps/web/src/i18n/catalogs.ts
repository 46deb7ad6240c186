// The message catalogs, one per language: the shared strings (i18n/<lang>.json) plus each area's
// own (pages/<area>/messages.<lang>.json and components/<name>/messages.<lang>.json), which are
// found by file name and filed under the folder's name: `t('find.title')` is the "title" of
// pages/find/messages.en.json. An area adds strings without touching anyone else's file.
import de from './de.json';
import en from './en.json';

type Catalog = Record<string, unknown>;

const areaFiles = import.meta.glob<Catalog>(
  ['../pages/*/messages.*.json', '../components/*/messages.*.json'],
  { eager: true, import: 'default' },
);

function withAreas(language: string, shared: Catalog): Catalog {
  const catalog: Catalog = { ...shared };
  for (const [path, messages] of Object.entries(areaFiles)) {
    const match = /\/([^/]+)\/messages\.([a-z]+)\.json$/.exec(path);
    if (match && match[2] === language && match[1]) catalog[match[1]] = messages;
  }
  return catalog;
}

export const CATALOGS = { en: withAreas('en', en), de: withAreas('de', de) } as const;

/** The areas that have a catalog in one language but not in the other. */
export function unpairedAreaFiles(): string[] {
  const paths = Object.keys(areaFiles);
  return paths.filter((p) => {
    const other = p.endsWith('.en.json')
      ? p.replace(/\.en\.json$/, '.de.json')
      : p.replace(/\.de\.json$/, '.en.json');
    return !paths.includes(other);
  });
}
