import { loadContent } from '../src/content/loadContent';
import { trainLocalRecognizer } from '../src/nlu/LocalRecognizer';
import { CONTENT_DIR } from '../src/paths';
void (async () => {
  const c = await loadContent(CONTENT_DIR);
  const r = await trainLocalRecognizer(c.utterances);
  for (const t of process.argv.slice(2)) console.log(t, '=>', JSON.stringify(await r.recognize(t)));
})();
