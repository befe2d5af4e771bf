import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { UpdateBusiness } from '../../../graphql/business';
import {
  copyDay,
  sortDay,
  weekFrom,
  weekProblems,
  WEEKDAYS,
  type Period,
  type Week,
  type Weekday,
} from '../../../lib/opening-hours';
import { SaveOutcome } from './SaveOutcome';

type Hours = Partial<Record<Weekday, readonly Period[] | null>> | null;

/** A week of opening periods: add, change and remove per day, copy Monday to the weekdays; checked before saving. */
export function OpeningHoursEditor({
  businessId,
  timezone,
  hours,
  canEdit,
}: {
  businessId: string;
  timezone: string;
  hours: Hours;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [week, setWeek] = useState<Week>(() => weekFrom(hours));
  const [saving, update] = useMutation(UpdateBusiness);
  const [saved, setSaved] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  useEffect(() => setWeek(weekFrom(hours)), [hours]);
  const problems = weekProblems(week);
  const problemAt = (day: Weekday, index: number) => problems.find((p) => p.day === day && p.index === index);
  const change = (next: Week) => {
    setSaved(false);
    setWeek(next);
  };
  const setPeriod = (day: Weekday, index: number, patch: Partial<Period>) =>
    change({ ...week, [day]: week[day].map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  const save = async () => {
    setShowProblems(true);
    if (problems.length) return;
    const sorted = Object.fromEntries(WEEKDAYS.map((d) => [d, sortDay(week[d])])) as Week;
    const res = await update({ businessId, input: { openingHours: sorted } });
    if (res.data) {
      setWeek(sorted);
      setSaved(true);
      setShowProblems(false);
    }
  };

  return (
    <section className="card" aria-labelledby="hours-title">
      <h2 id="hours-title">{t('businessProfile.hours')}</h2>
      <p className="hint">{t('businessProfile.hoursHint', { timezone })}</p>
      {hours === null ? <p className="muted">{t('businessProfile.notPublished')}</p> : null}
      <ul className="hours">
        {WEEKDAYS.map((day) => {
          const dayName = t(`businessProfile.day.${day}`);
          return (
            <li key={day} className="hours-day">
              <span className="day-name" id={`day-${day}`}>
                {dayName}
              </span>
              <div className="periods" role="group" aria-labelledby={`day-${day}`}>
                {week[day].length === 0 ? <span className="muted closed">{t('businessProfile.closed')}</span> : null}
                {week[day].map((p, i) => {
                  const problem = showProblems ? problemAt(day, i) : undefined;
                  const errorId = `hours-${day}-${i}-error`;
                  return (
                    <div key={i} className="period">
                      <input
                        type="time"
                        aria-label={t('businessProfile.opens', { day: dayName })}
                        value={p.open}
                        disabled={!canEdit}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? errorId : undefined}
                        onChange={(e) => setPeriod(day, i, { open: e.target.value })}
                      />
                      <span aria-hidden="true">–</span>
                      {/* A time input cannot show 24:00 (closing at midnight): it shows 23:59, and 23:59 is read back as 24:00. */}
                      <input
                        type="time"
                        aria-label={t('businessProfile.closes', { day: dayName })}
                        value={p.close === '24:00' ? '23:59' : p.close}
                        disabled={!canEdit}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? errorId : undefined}
                        onChange={(e) => setPeriod(day, i, { close: e.target.value === '23:59' ? '24:00' : e.target.value })}
                      />
                      {canEdit ? (
                        <button
                          type="button"
                          className="small"
                          aria-label={t('businessProfile.removePeriod', { day: dayName, open: p.open, close: p.close })}
                          onClick={() => change({ ...week, [day]: week[day].filter((_, j) => j !== i) })}
                        >
                          ×
                        </button>
                      ) : null}
                      {problem ? (
                        <small className="error-text" id={errorId}>
                          {t(`businessProfile.hoursProblem.${problem.problem}`)}
                        </small>
                      ) : null}
                    </div>
                  );
                })}
                {canEdit && week[day].length < 6 ? (
                  <button
                    type="button"
                    className="small add-period"
                    onClick={() => {
                      const last = week[day].at(-1);
                      // A new period starts where the last one closed, or at a common opening time.
                      const next = last
                        ? { open: last.close === '24:00' ? '23:00' : last.close, close: '24:00' }
                        : { open: '09:00', close: '18:00' };
                      change({ ...week, [day]: [...week[day], next] });
                    }}
                  >
                    <span aria-hidden="true">+</span>
                    <span className="visually-hidden">{t('businessProfile.addPeriod', { day: dayName })}</span>
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <SaveOutcome error={saving.error} saved={saved} />
      {canEdit ? (
        <div className="row form-actions">
          <button type="button" className="primary" disabled={saving.fetching} onClick={() => void save()}>
            {t('businessProfile.saveHours')}
          </button>
          <button type="button" onClick={() => change(copyDay(week, 'monday', ['tuesday', 'wednesday', 'thursday', 'friday']))}>
            {t('businessProfile.copyWeekdays')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
