// @ts-check
// The SMS simulator page: posts texts as a pretend phone and polls for the assistant's replies.
// Every piece of text is put in the page with textContent, never as HTML.
(function () {
  'use strict';

  const phoneInput = /** @type {HTMLInputElement} */ (document.getElementById('phone'));
  const serviceSelect = /** @type {HTMLSelectElement} */ (document.getElementById('service'));
  const textsList = document.getElementById('texts');
  const phonesList = document.getElementById('phones');
  const errorLine = document.getElementById('error');
  const conversationPhone = document.getElementById('conversation-phone');
  const messageInput = /** @type {HTMLTextAreaElement} */ (document.getElementById('message'));

  let lastId = 0;
  let shownPhone = '';
  let polling;
  let pollInFlight = false;
  // Bumped when the phone changes, so that an answer for the previous phone is dropped.
  let generation = 0;

  function showError(message) {
    errorLine.textContent = message || '';
  }

  async function request(path, options) {
    const response = await fetch(path, options);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message || 'Request failed (' + response.status + ')');
    return body;
  }

  function addText(text) {
    const item = document.createElement('li');
    item.className = text.direction === 'in' ? 'from-parent' : 'from-service';
    const body = document.createElement('p');
    body.textContent = text.body;
    const meta = document.createElement('small');
    const who = text.direction === 'in' ? 'You, to ' + text.serviceNumber : 'From ' + text.serviceNumber;
    const size =
      text.direction === 'out'
        ? ' - ' + text.body.length + ' characters, ' + text.segments + ' segment(s)'
        : '';
    meta.textContent = who + ' at ' + new Date(text.at).toLocaleTimeString() + size;
    item.append(body, meta);
    textsList.append(item);
    item.scrollIntoView({ block: 'end' });
  }

  function showPhones(phones) {
    phonesList.replaceChildren(
      ...phones.map((p) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = p.phone + ' (' + p.texts + (p.texts === 1 ? ' text)' : ' texts)');
        button.addEventListener('click', () => {
          phoneInput.value = p.phone;
          restart();
        });
        item.append(button);
        return item;
      }),
    );
  }

  async function poll() {
    const typed = phoneInput.value.trim();
    if (!typed || pollInFlight) return;
    pollInFlight = true;
    const asked = generation;
    try {
      const result = await request(
        '/dev/sms/api/texts?phone=' + encodeURIComponent(typed) + '&after=' + lastId,
      );
      if (asked !== generation) return;
      if (result.phone !== shownPhone) {
        shownPhone = result.phone;
        conversationPhone.textContent = result.phone;
      }
      for (const text of result.texts) {
        if (text.id <= lastId) continue;
        addText(text);
        lastId = text.id;
      }
      showPhones(result.phones.filter((p) => p.phone !== shownPhone));
      showError('');
    } catch (err) {
      showError(err.message);
    } finally {
      if (asked === generation) pollInFlight = false;
    }
  }

  function restart() {
    generation++;
    pollInFlight = false;
    lastId = 0;
    shownPhone = '';
    textsList.replaceChildren();
    clearInterval(polling);
    void poll();
    polling = setInterval(poll, 1000);
  }

  async function send(event) {
    event.preventDefault();
    const text = messageInput.value;
    if (!text.trim()) return;
    try {
      await request('/dev/sms/api/texts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: phoneInput.value, service: serviceSelect.value, text }),
      });
      messageInput.value = '';
      void poll();
    } catch (err) {
      showError(err.message);
    }
  }

  async function setUp() {
    try {
      const setup = await request('/dev/sms/api/setup');
      for (const service of setup.services) {
        const option = document.createElement('option');
        option.value = service.id;
        option.textContent = service.label;
        serviceSelect.append(option);
      }
      document.getElementById('twilio-note').textContent = setup.twilioConfigured
        ? 'Twilio is configured: real parents text the real numbers; this page never uses them.'
        : 'Twilio is not configured, so alerts meant for phones are delivered here.';
    } catch (err) {
      showError(err.message);
    }
    document.getElementById('compose').addEventListener('submit', send);
    messageInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) send(event);
    });
    phoneInput.addEventListener('change', restart);
    restart();
  }

  void setUp();
})();
