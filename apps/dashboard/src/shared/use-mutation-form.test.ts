import { describe, expect, it, vi } from 'vitest';
import { useMutationForm } from './use-mutation-form';

const refusal = (code: string, message: string) => ({ graphQLErrors: [{ message, extensions: { code } }] });

describe('a form that sends one change', () => {
  it('sends nothing while the form is incomplete, and says what is missing', async () => {
    const send = vi.fn();
    const form = useMutationForm({ check: () => 'Say what happened.', send });
    await form.submit();
    expect(send).not.toHaveBeenCalled();
    expect(form.error.value).toBe('Say what happened.');
  });

  it('confirms what was done, and clears an earlier refusal', async () => {
    let answer: Promise<string> = Promise.reject(refusal('RATE_LIMITED', 'slow down'));
    const form = useMutationForm({ send: () => answer });
    await form.submit();
    expect(form.error.value).toMatch(/Too many changes at once/);
    answer = Promise.resolve('Flag raised at 16:42.');
    await form.submit();
    expect(form.error.value).toBeNull();
    expect(form.done.value).toBe('Flag raised at 16:42.');
  });

  it('sends once however often it is submitted while busy', async () => {
    let finish = () => {};
    const send = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const form = useMutationForm({ send });
    const first = form.submit();
    expect(form.busy.value).toBe(true);
    await form.submit();
    expect(send).toHaveBeenCalledTimes(1);
    finish();
    await first;
    expect(form.busy.value).toBe(false);
  });

  it('puts a refusal in words by its code, with a second line and the code for the caller', async () => {
    const refused = vi.fn();
    const form = useMutationForm({
      send: () => Promise.reject(refusal('STALE_VERSION', 'version 3 is not current')),
      detail: () => 'It clashes with Ruby W. at 16:00.',
      refused,
    });
    await form.submit();
    expect(form.error.value).toMatch(/^Someone else changed this a moment ago/);
    expect(form.errorDetail.value).toBe('It clashes with Ruby W. at 16:00.');
    expect(refused).toHaveBeenCalledWith('STALE_VERSION', expect.anything());
  });
});
