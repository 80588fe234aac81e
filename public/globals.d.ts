// The globals the browser scripts share (checked by `npm run typecheck`, tsconfig.public.json).
// console.js and alerts.js define Console and ConsoleAlerts for the other console pages; the
// console's reports page loads Chart.js, the chat page Bot Framework Web Chat.

interface Window {
  Console: typeof Console;
  ConsoleAlerts: typeof ConsoleAlerts;
  WebChat: typeof import('botframework-webchat');
}

declare const Chart: typeof import('chart.js').Chart;
