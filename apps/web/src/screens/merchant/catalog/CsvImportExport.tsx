import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation } from 'urql';
import { CatalogImportQuery, ExportCatalog } from '../../../graphql/catalog';
import type { CatalogImportFieldsFragment } from '../../../gql/graphql';
import { errorText } from '../../../lib/hooks';
import { startCatalogImport } from '../../../lib/rest';
import { ErrorNote } from '../../../components/ui';

const POLL_MS = 500;
const EXPORT_NAME = 'catalog.csv';
const finished = (run: CatalogImportFieldsFragment | null) => run?.status === 'SUCCEEDED' || run?.status === 'FAILED';

/**
 * Follows an import or export run on the worker until it finishes: the API has no subscription
 * for runs, so it asks every half second while one is going (and stops when the screen goes).
 */
function useRun(id: string | null): CatalogImportFieldsFragment | null {
  const client = useClient();
  const [run, setRun] = useState<CatalogImportFieldsFragment | null>(null);
  useEffect(() => {
    setRun(null);
    if (!id) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      const res = await client.query(CatalogImportQuery, { id }, { requestPolicy: 'network-only' }).toPromise();
      if (stop) return;
      const next = res.data?.catalogImport ?? null;
      if (next) setRun(next);
      if (!finished(next)) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id, client]);
  return run;
}

/** CSV import with live progress and the rows that need fixing; CSV export as a download. */
export function CsvImportExport({ businessId, onImported }: { businessId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [exporting, startExport] = useMutation(ExportCatalog);
  const [exportId, setExportId] = useState<string | null>(null);
  const run = useRun(importId);
  const exported = useRun(exportId);
  const [download, setDownload] = useState<string | null>(null);

  useEffect(() => {
    // Once per finished import (the callback itself changes with every render of the page).
    if (run?.status === 'SUCCEEDED') onImported();
  }, [run?.status]);
  useEffect(() => {
    if (exported?.status !== 'SUCCEEDED' || exported.csv == null) return;
    // The finished run carries its CSV: a blob link saves it under a name with no second request.
    const url = URL.createObjectURL(new Blob([exported.csv], { type: 'text/csv' }));
    setDownload(url);
    return () => URL.revokeObjectURL(url);
  }, [exported]);

  const startImport = async () => {
    if (!file) return;
    setStartError(null);
    setStarting(true);
    try {
      const started = await startCatalogImport(businessId, await file.text());
      setImportId(started.id);
    } catch (e) {
      setStartError((e as Error).message);
    } finally {
      setStarting(false);
    }
  };

  const percent = run && run.totalRows > 0 ? Math.round((run.processedRows / run.totalRows) * 100) : 0;
  const going = importId !== null && !finished(run);

  return (
    <section className="card" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('catalog.importExport')}</h2>
      <p className="hint">{t('catalog.importHint')}</p>
      <div className="row csv-row">
        <div className="field">
          <label htmlFor={fileId}>{t('catalog.chooseCsv')}</label>
          <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button type="button" className="primary" disabled={!file || starting || going} onClick={() => void startImport()}>
          {going ? t('catalog.importing') : t('catalog.import')}
        </button>
      </div>
      {startError ? <ErrorNote>{startError}</ErrorNote> : null}
      {importId ? (
        <div className="import-run" aria-live="polite">
          <label className="progress-label">
            <span>
              {run && run.totalRows > 0
                ? t('catalog.rows', { processed: run.processedRows, total: run.totalRows })
                : t('catalog.importing')}
            </span>
            <progress aria-label={t('catalog.progress')} max={100} value={finished(run) ? 100 : percent} />
          </label>
          {run?.status === 'SUCCEEDED' ? (
            <p className="success" role="status">
              {t('catalog.importDone', { created: run.createdCount, updated: run.updatedCount, unchanged: run.unchangedCount })}
            </p>
          ) : null}
          {run?.status === 'FAILED' ? (
            <>
              <p className="error" role="alert">
                {t('catalog.importFailed', { count: run.errorCount })}
              </p>
              {run.errors.length ? (
                <div className="table-scroll">
                  <table className="import-errors">
                    <thead>
                      <tr>
                        <th scope="col">{t('catalog.row')}</th>
                        <th scope="col">{t('catalog.column')}</th>
                        <th scope="col">{t('catalog.problem')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {run.errors.map((e, i) => (
                        <tr key={i}>
                          <td>{e.row ?? t('catalog.wholeFile')}</td>
                          <td>{e.column ?? '—'}</td>
                          <td>{e.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      <div className="row export-row">
        <button
          type="button"
          disabled={exporting.fetching || (exportId !== null && !finished(exported))}
          onClick={async () => {
            setDownload(null);
            const res = await startExport({ businessId });
            if (res.data) setExportId(res.data.exportCatalog.id);
          }}
        >
          {exportId !== null && !finished(exported) ? t('catalog.exporting') : t('catalog.export')}
        </button>
        {download ? (
          <a className="button-link" href={download} download={EXPORT_NAME}>
            {t('catalog.download', { file: EXPORT_NAME })}
          </a>
        ) : null}
      </div>
      {exporting.error ? <ErrorNote>{errorText(exporting.error)}</ErrorNote> : null}
    </section>
  );
}
