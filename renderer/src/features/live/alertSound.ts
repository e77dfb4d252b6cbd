import type { RegistrationAlertKind } from '../../../../common/registrations';

/** Two notes up for a finished batch, two down for a drop: told apart without looking. */
const NOTES: Record<RegistrationAlertKind, readonly number[]> = {
  batch_complete: [660, 880],
  phone_dropped: [660, 440],
};
const NOTE_SECONDS = 0.14;

let context: AudioContext | null = null;

/** A short, quiet tone made on the spot with Web Audio: no sound file to ship or load. */
export function playAlertSound(kind: RegistrationAlertKind): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const audio = context;
  void audio.resume();
  const start = audio.currentTime + 0.02;
  NOTES[kind].forEach((frequency, index) => {
    const at = start + index * NOTE_SECONDS;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    // A soft attack and release: a click-free tone, not a beep.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.15, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_SECONDS);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + NOTE_SECONDS);
  });
}
