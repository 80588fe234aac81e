// @ts-check
/*
 * The chat page: Bot Framework Web Chat talking to the Direct Line the token endpoint names (this
 * service's own, or Azure's). The token and conversation id are kept in sessionStorage, so a reload
 * in the same tab resumes the conversation and shows it again; "Leave quickly" forgets them.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('psa-chat-config').textContent);
  // Every word the page shows comes from content/copy.json (`webchat`), through the config.
  var text = config.text;
  var nonce = document.currentScript ? document.currentScript.nonce : undefined;
  var storageKey = 'psa.webchat.' + config.school;
  var statusEl = document.getElementById('status');
  var container = document.getElementById('webchat');
  var embedded = window.parent !== window;
  // Opened on its own (not in the widget), the page shows its own header and "Leave quickly".
  if (!embedded) document.documentElement.classList.remove('embedded');
  var directLine = null;
  var focusWanted = false;
  var saveTimer = null;

  function setStatus(message, retry) {
    statusEl.textContent = message;
    if (retry) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = text.tryAgain;
      button.addEventListener('click', function () {
        setStatus('');
        connect();
      });
      statusEl.appendChild(button);
    }
  }

  function readSession() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      return saved && saved.token && saved.conversationId && saved.domain ? saved : null;
    } catch (e) {
      return null;
    }
  }

  function writeSession(session) {
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(session));
    } catch (e) {
      // Private browsing without storage: the chat works, a reload starts afresh.
    }
  }

  function forget() {
    try {
      window.sessionStorage.removeItem(storageKey);
    } catch (e) {
      // Nothing stored.
    }
    if (directLine) {
      try {
        directLine.end();
      } catch (e) {
        // Already ended.
      }
    }
  }

  function postJson(url, body, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, {
      method: 'POST',
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    }).then(function (response) {
      if (!response.ok) {
        var error = /** @type {Error & { status?: number }} */ (new Error('HTTP ' + response.status));
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
  }

  /** A fresh conversation from the token endpoint. */
  function newSession() {
    return postJson(config.tokenUrl, { school: config.school }).then(function (answer) {
      return { token: answer.token, conversationId: answer.conversationId, domain: answer.domain };
    });
  }

  /** The conversation saved in this tab, with its token refreshed; null if it cannot be resumed. */
  function resumedSession() {
    var saved = readSession();
    if (!saved) return Promise.resolve(null);
    return postJson(saved.domain + '/tokens/refresh', undefined, saved.token).then(
      function (answer) {
        return { token: answer.token, conversationId: saved.conversationId, domain: saved.domain };
      },
      function () {
        forget();
        return null;
      },
    );
  }

  function focusSendBox() {
    var input = /** @type {HTMLElement | null} */ (
      container.querySelector('[data-id="webchat-sendbox-input"], .webchat__send-box-text-box__input')
    );
    if (input) {
      input.focus();
      focusWanted = false;
    } else {
      focusWanted = true;
    }
  }

  function styleOptions() {
    return {
      // The school's colour where it is text or an outline on white, unless it is too pale to read.
      accent: config.inkColour,
      bubbleFromUserBackground: config.colour,
      bubbleFromUserTextColor: config.textColour,
      bubbleFromUserBorderColor: config.colour,
      bubbleBackground: '#f3f2f1',
      bubbleTextColor: '#0b0c0c',
      bubbleBorderColor: '#b1b4b6',
      bubbleBorderRadius: 12,
      bubbleFromUserBorderRadius: 12,
      subtle: '#505a5f',
      timestampColor: '#505a5f',
      sendBoxButtonColor: config.inkColour,
      sendBoxPlaceholderColor: '#505a5f',
      suggestedActionBorderColor: config.inkColour,
      suggestedActionTextColor: config.inkColour,
      suggestedActionBorderRadius: 8,
      // Choices one under another, each shown in full: a carousel hides most of them on a phone and
      // cuts long ones (the list of questions) short. A long list scrolls.
      suggestedActionLayout: 'stacked',
      suggestedActionsStackedLayoutButtonTextWrap: true,
      suggestedActionsStackedHeight: Math.max(150, Math.round(window.innerHeight * 0.4)),
      suggestedActionsStackedOverflow: 'auto',
      suggestedActionHeight: 44,
      // A clear focus for keyboard users (the same yellow and black as the page's own buttons).
      suggestedActionBackgroundColorOnFocus: '#ffdd00',
      suggestedActionTextColorOnFocus: '#0b0c0c',
      suggestedActionBorderColorOnFocus: '#0b0c0c',
      suggestedActionKeyboardFocusIndicatorBorderColor: '#0b0c0c',
      suggestedActionKeyboardFocusIndicatorBorderStyle: 'solid',
      suggestedActionKeyboardFocusIndicatorBorderWidth: 2,
      hideUploadButton: true,
      primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
      rootHeight: '100%',
      rootWidth: '100%',
    };
  }

  /**
   * The bot writes plain text, one item per line (an agency's number and website, each answer in
   * "check your answers"). Web Chat reads it as Markdown, where a single line break is only a
   * space: mark each as a hard break so the lines stay lines.
   */
  function withLineBreaks(action) {
    var activity = action.payload && action.payload.activity;
    if (!activity || !activity.from || activity.from.role !== 'bot') return action;
    if (typeof activity.text !== 'string' || activity.text.indexOf('\n') < 0) return action;
    if (activity.textFormat && activity.textFormat !== 'markdown') return action;
    var text = activity.text.replace(/ *\r?\n/g, '  \n');
    return Object.assign({}, action, {
      payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { text: text }) }),
    });
  }

  /** "Pat, Parent Support Worker" for a message a PSW wrote (the server marks it `psaFrom`). */
  function pswLabel(activity) {
    var from = activity && activity.channelData && activity.channelData.psaFrom;
    return from && from.role === 'psw' && from.name ? from.name + ', ' + from.title : null;
  }

  /**
   * Screen readers name who wrote each message: Web Chat would say "Bot said" for the assistant and
   * a PSW alike, so its greeting is blanked (overrideLocalizedStrings) and each message from the
   * service carries its own words for a screen reader ('webchat:fallback-text'): "Pat, Parent
   * Support Worker: ..." or "The automated assistant: ...". A message with choices keeps Web
   * Chat's own reading (the fallback would hide the choices).
   */
  function namedSender(action) {
    var activity = action.payload && action.payload.activity;
    if (!activity || !activity.from || activity.from.role !== 'bot' || activity.type !== 'message')
      return action;
    if (
      typeof activity.text !== 'string' ||
      activity.suggestedActions ||
      (activity.attachments || []).length
    ) {
      return action;
    }
    var label = pswLabel(activity) || text.assistantName;
    var channelData = Object.assign({}, activity.channelData, {
      'webchat:fallback-text': label + ': ' + activity.text,
    });
    return Object.assign({}, action, {
      payload: Object.assign({}, action.payload, {
        activity: Object.assign({}, activity, { channelData: channelData }),
      }),
    });
  }

  /**
   * A PSW's message looks different from the assistant's: its name above the bubble, and its own
   * colours (chat.css). Web Chat renders with React, which the bundle does not expose, so the
   * wrapper is made by copying the element Web Chat returned (the element's shape is plain data).
   */
  function pswActivityMiddleware() {
    return function (next) {
      return function (card) {
        var render = next(card);
        var label = card && pswLabel(card.activity);
        if (!render || !label) return render;
        return function () {
          var inner = render.apply(null, arguments);
          if (!inner || !inner.$$typeof) return inner;
          var copy = function (type, props, key) {
            return Object.assign({}, inner, { type: type, props: props, key: key, ref: null });
          };
          var name = copy(
            'p',
            { className: 'psa-from-psw__name', 'aria-hidden': 'true', children: label },
            'name',
          );
          return copy(
            'div',
            { className: 'psa-from-psw', children: [name, Object.assign({}, inner, { key: 'activity' })] },
            inner.key,
          );
        };
      };
    };
  }

  function render(session) {
    writeSession(session);
    directLine = window.WebChat.createDirectLine({
      domain: session.domain,
      token: session.token,
      conversationId: session.conversationId,
      webSocket: true,
    });
    // Web Chat refreshes the token itself; keep the latest one for a reload.
    if (saveTimer) clearInterval(saveTimer);
    saveTimer = setInterval(saveLatestToken, 60000);

    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') action = namedSender(withLineBreaks(action));
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && config.azure) {
            // With Azure's Direct Line the school travels with each message (locally the token carries it).
            var activity = action.payload.activity;
            activity.channelData = Object.assign({}, activity.channelData, { schoolId: config.school });
          }
          var result = next(action);
          if (focusWanted && action.type === 'DIRECT_LINE/CONNECT_FULFILLED') setTimeout(focusSendBox, 0);
          return result;
        };
      };
    });

    directLine.connectionStatus$.subscribe(function (status) {
      // 3: token expired (the tab slept too long), 4: failed to connect.
      if (status === 3) {
        forget();
        setStatus(text.timedOut, true);
      } else if (status === 4) {
        setStatus(text.cannotConnect, true);
      }
    });

    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: 'en-GB',
        nonce: nonce,
        styleOptions: styleOptions(),
        activityMiddleware: pswActivityMiddleware,
        overrideLocalizedStrings: {
          TEXT_INPUT_PLACEHOLDER: text.messagePlaceholder,
          ACTIVITY_BOT_SAID_ALT: ' ',
        },
      },
      container,
    );
  }

  function saveLatestToken() {
    var saved = readSession();
    if (directLine && saved && directLine.token && directLine.token !== saved.token) {
      saved.token = directLine.token;
      writeSession(saved);
    }
  }

  function connect() {
    setStatus(text.connecting);
    resumedSession()
      .then(function (session) {
        return session || newSession();
      })
      .then(function (session) {
        setStatus('');
        render(session);
      })
      .catch(function (err) {
        setStatus(err && err.status === 429 ? text.busy : text.cannotStart, true);
      });
  }

  function leaveQuickly() {
    forget();
    window.location.replace(config.leaveUrl);
  }

  document.getElementById('leave').addEventListener('click', leaveQuickly);
  window.addEventListener('pagehide', saveLatestToken);

  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && embedded && !event.defaultPrevented) {
      window.parent.postMessage({ type: 'psa:close' }, '*');
    }
  });

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === 'psa:focus') focusSendBox();
    if (event.data.type === 'psa:forget') {
      forget();
      event.source.postMessage({ type: 'psa:forgotten' }, event.origin);
    }
  });

  connect();
})();
