import { percentile, round } from './bench-client';
import type { Figure } from './scenario';

/** One question a person sent to the bot, and what came back. */
export interface Asked {
  person: number;
  /** When the question counts as sent: the send's start (closed loop) or its scheduled time (open loop). */
  sentAt: number;
  /** Sent inside the phase's measured window. */
  measured: boolean;
  messageId: string | null;
  answeredAt: number | null;
  answers: number;
  /** Called at the first answer (the closed loop's person waits on it). */
  onAnswer?: () => void;
}

/**
 * The questions of a run and their answers, matched by the question's message id (the bot's first
 * reply has client message id `support:<message id>:0`). An answer can arrive before its
 * question's send has returned (the worker can beat the API's response): it waits in `early`
 * until the send names its id, and counts then, at its arrival time. What is left in `early` at
 * the end answered nothing the bench asked.
 */
export class AnswerBook {
  readonly asked: Asked[] = [];
  private readonly byId = new Map<string, Asked>();
  private readonly early = new Map<string, { at: number; count: number }>();
  private unanswered = 0;
  duplicates = 0;

  /** A question is about to be sent. */
  ask(question: Omit<Asked, 'messageId' | 'answeredAt' | 'answers'>): Asked {
    const asked: Asked = { ...question, messageId: null, answeredAt: null, answers: 0 };
    this.asked.push(asked);
    return asked;
  }

  /** Its send returned the message's id. */
  sent(question: Asked, messageId: string): void {
    question.messageId = messageId;
    this.byId.set(messageId, question);
    const before = this.early.get(messageId);
    if (!before) return void this.unanswered++;
    this.early.delete(messageId);
    question.answeredAt = before.at;
    question.answers = before.count;
    this.duplicates += before.count - 1;
  }

  /** The bot's first reply to the message `messageId` arrived at `at`. */
  answered(messageId: string, at: number): void {
    const question = this.byId.get(messageId);
    if (!question) {
      const seen = this.early.get(messageId);
      return void this.early.set(messageId, { at: seen?.at ?? at, count: (seen?.count ?? 0) + 1 });
    }
    question.answers++;
    if (question.answers > 1) return void this.duplicates++;
    question.answeredAt = at;
    this.unanswered--;
    question.onAnswer?.();
  }

  /** The bench sent a question with this message id in this phase. */
  knows(messageId: string): boolean {
    return this.byId.has(messageId);
  }

  /** Questions sent and not answered yet. */
  get waiting(): number {
    return this.unanswered;
  }

  /** Answers to questions the bench never asked. */
  get strays(): number {
    return [...this.early.values()].reduce((n, e) => n + e.count, 0);
  }

  /** Sent questions with no answer (after the grace period: lost). */
  get lost(): number {
    return this.asked.filter((a) => a.messageId && a.answeredAt === null).length;
  }

  /**
   * The phase's figures, each name followed by `suffix` (e.g. `_at_200`): answers_per_s (answers
   * that arrived in the measured window), p50_ms and p99_ms (of the questions sent in it), lost,
   * duplicates.
   */
  figures(window: { start: number; end: number }, suffix = ''): Figure[] {
    const seconds = (window.end - window.start) / 1000;
    const answered = this.asked.filter((a) => a.measured && a.messageId && a.answeredAt !== null);
    const inWindow = this.answeredIn(window);
    const latencies = Float64Array.from(answered.map((a) => a.answeredAt! - a.sentAt)).sort();
    return [
      { figure: `answers_per_s${suffix}`, value: round(inWindow / seconds, 1), unit: 'answers/s' },
      { figure: `p50_ms${suffix}`, value: round(percentile(latencies, 50), 2), unit: 'ms' },
      { figure: `p99_ms${suffix}`, value: round(percentile(latencies, 99), 2), unit: 'ms' },
    ];
  }

  /** Answers that arrived in the window. */
  answeredIn(window: { start: number; end: number }): number {
    return this.asked.filter((a) => a.answeredAt !== null && a.answeredAt >= window.start && a.answeredAt < window.end).length;
  }

  /** Questions sent in the measured window (the closed loop's CPU divisor). */
  get measuredSent(): number {
    return this.asked.filter((a) => a.measured && a.messageId).length;
  }
}
