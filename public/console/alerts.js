// @ts-check
// New-work alerts a PSW opts into on this browser: a short tone and a browser notification for a
// new live chat or urgent case. Off unless switched on; remembered per account on this device.
'use strict';

const ConsoleAlerts = (() => {
  let audio = null;
  const key = (staffId) => `psa.console.alerts.${staffId}`;

  function enabled(staffId) {
    try {
      return localStorage.getItem(key(staffId)) === 'on';
    } catch {
      return false;
    }
  }

  async function setEnabled(staffId, on) {
    try {
      if (on) localStorage.setItem(key(staffId), 'on');
      else localStorage.removeItem(key(staffId));
    } catch {
      // Storage blocked: the switch lasts until the page is closed.
    }
    if (on) {
      // Created on the click that switches alerts on: browsers only allow sound after a gesture.
      audio = audio || new AudioContext();
      if ('Notification' in window && Notification.permission === 'default') {
        await Notification.requestPermission();
      }
    }
  }

  function tone() {
    if (!audio) return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.4);
  }

  /** Sounds the tone and shows a notification (no family details: the reference and the kind only). */
  function announce(staffId, text, url) {
    if (!enabled(staffId)) return;
    tone();
    if ('Notification' in window && Notification.permission === 'granted') {
      const note = new Notification('PSW console', { body: text, tag: 'psa-new-work' });
      note.addEventListener('click', () => {
        window.focus();
        if (url) location.assign(url);
      });
    }
  }

  // After a reload the tone needs a new gesture: the first click or key press on the page wakes it.
  const wake = () => {
    let any;
    try {
      any = Object.keys(localStorage).some((k) => k.startsWith('psa.console.alerts.'));
    } catch {
      any = false;
    }
    if (!any) return;
    audio = audio || new AudioContext();
    void audio.resume();
  };
  document.addEventListener('pointerdown', () => wake(), { once: true });
  document.addEventListener('keydown', () => wake(), { once: true });

  return { enabled, setEnabled, announce };
})();
window.ConsoleAlerts = ConsoleAlerts;
