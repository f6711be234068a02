import { budget, startSlackDriver } from './slack-load.js';
const d = await startSlackDriver();
const show = async (label: string) => { const s = await d.host.stats(); console.log(label, JSON.stringify({ rss: s.rssMB, heap: s.heapUsedMB, ext: s.externalMB, peak: s.peakRssMB })); };
await show('ready');
let n = 0;
for (let r = 0; r < 3; r++) {
  const poll = setInterval(() => void show('  during'), 300);
  await Promise.all(Array.from({ length: 50 }, async () => {
    const i = ++n; const channel = `CP${i}`;
    await d.command('/optimal', budget(i), { channel_id: channel, user_id: `UP${i}` }, (c) => c.method === 'files.completeUploadExternal' && c.body.channel_id === channel);
  }));
  clearInterval(poll);
  d.fake.reset();
  await show(`after round ${r}`);
}
await show('gc'); console.log(JSON.stringify(await d.host.gc()));
await d.close();
