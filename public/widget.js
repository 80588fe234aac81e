// @ts-check
/*
 * Parent Support Assistant: the chat widget a school pastes into its website.
 *
 *   <script src="https://<this service>/widget.js" data-school="<school id>" async></script>
 *
 * It adds one launcher button. The chat itself runs in an iframe served by this service, so the
 * school's page and the conversation never share scripts, styles or storage. Everything here is
 * inside a shadow root and one closure: no globals, no page-wide styles, and a failure only
 * means no launcher (with a warning in the console for the school's web person).
 */
(function () {
  'use strict';

  var PREFIX = '[Parent support chat]';
  var HOST_ATTRIBUTE = 'data-parent-support-chat';
  /** In the host page's sessionStorage: the chat was open, so a reload opens it again. */
  var OPEN_KEY = 'parent-support-chat:open';

  function remember(open) {
    try {
      if (open) window.sessionStorage.setItem(OPEN_KEY, '1');
      else window.sessionStorage.removeItem(OPEN_KEY);
    } catch (e) {
      // Storage blocked: a reload shows the launcher instead.
    }
  }

  function wasOpen() {
    try {
      return window.sessionStorage.getItem(OPEN_KEY) === '1';
    } catch (e) {
      return false;
    }
  }

  function warn(message, detail) {
    if (window.console && typeof window.console.warn === 'function') {
      window.console.warn(PREFIX + ' ' + message, detail === undefined ? '' : detail);
    }
  }

  var CSS = [
    ':host { all: initial; }',
    '*, *::before, *::after { box-sizing: border-box; }',
    '.launcher, .panel { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }',
    '.launcher {',
    '  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;',
    '  display: inline-flex; align-items: center; gap: 10px;',
    '  min-height: 48px; padding: 12px 20px; border: 2px solid transparent; border-radius: 999px;',
    '  background: var(--psa-colour); color: var(--psa-text);',
    '  font-size: 16px; font-weight: 600; line-height: 1.2; cursor: pointer;',
    '  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);',
    '}',
    '.launcher svg { width: 22px; height: 22px; flex: none; fill: currentColor; }',
    '.launcher:hover { filter: brightness(1.08); }',
    '.launcher:focus-visible, .panel button:focus-visible {',
    '  outline: 3px solid #ffdd00; outline-offset: 2px; box-shadow: 0 0 0 6px #0b0c0c;',
    '}',
    '.panel {',
    '  position: fixed; right: 20px; bottom: 20px; z-index: 2147483001;',
    '  width: 400px; height: min(680px, calc(100vh - 40px));',
    '  display: flex; flex-direction: column; overflow: hidden;',
    '  background: #ffffff; color: #0b0c0c; border-radius: 12px;',
    '  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.3);',
    '}',
    '.panel[hidden], .launcher[hidden] { display: none; }',
    '.header {',
    '  display: flex; align-items: center; gap: 8px; padding: 10px 10px 10px 16px;',
    '  background: var(--psa-colour); color: var(--psa-text);',
    '}',
    '.titles { flex: 1; min-width: 0; }',
    '.title { margin: 0; font-size: 17px; font-weight: 700; line-height: 1.25; }',
    '.subtitle { margin: 2px 0 0; font-size: 14px; line-height: 1.25; }',
    '.panel button { font: inherit; cursor: pointer; min-height: 44px; border-radius: 6px; }',
    '.leave {',
    '  padding: 8px 12px; border: 2px solid #ffffff; background: #b10e1e; color: #ffffff;',
    '  font-weight: 700; font-size: 15px;',
    '}',
    '.close {',
    '  width: 44px; padding: 0; border: 2px solid currentColor; background: transparent; color: inherit;',
    '  font-size: 26px; line-height: 1;',
    '}',
    '.frame { flex: 1; width: 100%; min-height: 0; border: 0; display: block; background: #ffffff; }',
    '@media (max-width: 600px) {',
    '  .launcher { right: 12px; bottom: 12px; }',
    '  .panel { inset: 0; right: 0; bottom: 0; width: 100%; height: 100%; border-radius: 0; }',
    '}',
    '@media (forced-colors: active) {',
    '  .launcher, .leave, .close { border-color: ButtonText; }',
    '}',
  ].join('\n');

  var CHAT_ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z"/></svg>';

  function findScript() {
    var current = /** @type {HTMLScriptElement | null} */ (document.currentScript);
    if (current && current.getAttribute('data-school')) return current;
    var candidates = document.querySelectorAll(/** @type {'script'} */ ('script[data-school][src]'));
    for (var i = 0; i < candidates.length; i++) {
      if (/\/widget\.js(\?|#|$)/.test(candidates[i].src)) return candidates[i];
    }
    return null;
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      el.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function addStyles(root) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      // Older browsers: a style element (a host page's strict CSP may block it; the widget still works).
      root.appendChild(element('style', {}, CSS));
    }
  }

  function build(info, serviceBase) {
    // Every word the widget shows comes from the service's content (copy.json `webchat`).
    var text = info.text;
    var chatOrigin = new URL(serviceBase).origin;
    var host = element('div', {});
    host.setAttribute(HOST_ATTRIBUTE, info.id);
    var root = host.attachShadow({ mode: 'open' });
    addStyles(root);
    host.style.setProperty('--psa-colour', info.colour);
    host.style.setProperty('--psa-text', info.textColour);

    var launcher = element('button', {
      type: 'button',
      class: 'launcher',
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
      'aria-controls': 'psa-panel',
    });
    launcher.innerHTML = CHAT_ICON;
    launcher.appendChild(element('span', {}, text.launcher));

    var panel = element('div', {
      id: 'psa-panel',
      class: 'panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'psa-title',
      'aria-describedby': 'psa-subtitle',
    });
    panel.hidden = true;
    var header = element('div', { class: 'header' });
    var titles = element('div', { class: 'titles' });
    titles.appendChild(element('h2', { id: 'psa-title', class: 'title' }, info.name));
    titles.appendChild(element('p', { id: 'psa-subtitle', class: 'subtitle' }, text.title));
    var leave = element(
      'button',
      { type: 'button', class: 'leave', 'aria-label': text.leaveLabel },
      text.leave,
    );
    var close = element('button', { type: 'button', class: 'close', 'aria-label': text.close }, '×');
    header.appendChild(titles);
    header.appendChild(leave);
    header.appendChild(close);
    panel.appendChild(header);
    root.appendChild(launcher);
    root.appendChild(panel);

    var frame = null;
    var frameReady = false;

    function post(message) {
      if (frame && frame.contentWindow) frame.contentWindow.postMessage(message, chatOrigin);
    }

    function open(options) {
      var moveFocus = !(options && options.restoring);
      if (!frame) {
        frame = element('iframe', {
          class: 'frame',
          title: text.chatLabel,
          src: new URL(info.chatPath, serviceBase).href,
          referrerpolicy: 'no-referrer',
        });
        // On a school's own site the chat may not navigate the school's page. (Sandboxing a
        // same-origin frame this way protects nothing, and browsers warn about it.)
        if (chatOrigin !== window.location.origin) {
          frame.setAttribute(
            'sandbox',
            'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox',
          );
        }
        frame.addEventListener('load', function () {
          frameReady = true;
          if (!panel.hidden && moveFocus) post({ type: 'psa:focus' });
        });
        panel.appendChild(frame);
      }
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute('aria-expanded', 'true');
      remember(true);
      if (!moveFocus) return;
      frame.focus();
      if (frameReady) post({ type: 'psa:focus' });
    }

    function hide() {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute('aria-expanded', 'false');
      remember(false);
      launcher.focus();
    }

    function leaveQuickly() {
      panel.hidden = true;
      launcher.hidden = true;
      remember(false);
      // The chat forgets the conversation in this tab first (briefly waited for), then this page
      // is replaced, so Back does not return to it.
      var done = false;
      function go() {
        if (done) return;
        done = true;
        window.location.replace(info.leaveUrl);
      }
      window.addEventListener('message', function (event) {
        if (
          frame &&
          event.source === frame.contentWindow &&
          event.data &&
          event.data.type === 'psa:forgotten'
        )
          go();
      });
      post({ type: 'psa:forget' });
      setTimeout(go, frameReady ? 300 : 0);
    }

    launcher.addEventListener('click', function () {
      open();
    });
    close.addEventListener('click', hide);
    leave.addEventListener('click', leaveQuickly);
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        hide();
      }
    });
    window.addEventListener('message', function (event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin) return;
      if (event.data && event.data.type === 'psa:close') hide();
    });

    document.body.appendChild(host);
    if (wasOpen()) open({ restoring: true });
  }

  function start() {
    var script = findScript();
    if (!script) return warn('could not find its own script tag; add data-school="<school id>" to it.');
    var school = script.getAttribute('data-school') || '';
    if (!/^[a-z0-9-]{2,64}$/.test(school)) return warn('data-school must be a school id.', school);
    if (document.querySelector('[' + HOST_ATTRIBUTE + ']')) return; // pasted twice: one launcher is enough
    var serviceBase = new URL('.', script.src).href;
    fetch(new URL('api/webchat/schools/' + encodeURIComponent(school), serviceBase).href, {
      credentials: 'omit',
      mode: 'cors',
    })
      .then(function (response) {
        if (!response.ok) throw new Error('the service answered ' + response.status);
        return response.json();
      })
      .then(function (info) {
        if (document.body) return build(info, serviceBase);
        document.addEventListener('DOMContentLoaded', function () {
          build(info, serviceBase);
        });
      })
      .catch(function (err) {
        warn("is not shown: is this website one of the school's allowed origins? (" + err.message + ')');
      });
  }

  try {
    start();
  } catch (err) {
    warn('could not start.', err);
  }
})();
