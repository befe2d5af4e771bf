import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoDraft } from '../../../lib/product-form';
import { move } from '../../../lib/reorder';
import { uploadBusinessPhoto } from '../../../lib/rest';

interface Pending {
  key: string;
  name: string;
  preview: string;
}

/**
 * A product's photos: picked files show at once (a local preview) while they upload through POST
 * /media, then take their place with the server's thumbnail. The first is the cover.
 */
export function PhotoPicker({
  businessId,
  productName,
  photos,
  onChange,
}: {
  businessId: string;
  productName: string;
  photos: PhotoDraft[];
  onChange: (update: (photos: PhotoDraft[]) => PhotoDraft[]) => void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [pending, setPending] = useState<Pending[]>([]);
  const [failures, setFailures] = useState<string[]>([]);

  const upload = async (files: File[]) => {
    setFailures([]);
    const queued = files.map((f) => ({ key: crypto.randomUUID(), name: f.name, preview: URL.createObjectURL(f), file: f }));
    setPending((p) => [...p, ...queued]);
    // One at a time, in the order picked, so the photos keep that order.
    for (const q of queued) {
      try {
        const photo = await uploadBusinessPhoto(businessId, q.file);
        onChange((list) => [...list, { id: photo.id, preview: photo.urls.thumbnail.webp }]);
      } catch (e) {
        setFailures((f) => [...f, t('catalog.uploadFailed', { name: q.name, reason: (e as Error).message })]);
      } finally {
        URL.revokeObjectURL(q.preview);
        setPending((p) => p.filter((x) => x.key !== q.key));
      }
    }
  };

  return (
    <fieldset className="photos-field">
      <legend>{t('catalog.photos')}</legend>
      <p className="hint" id={hintId}>
        {t('catalog.photosHint')}
      </p>
      <ul className="photo-grid">
        {photos.map((p, i) => (
          <li key={p.id} className={i === 0 ? 'cover' : undefined}>
            <img src={p.preview} alt={t('catalog.photoAlt', { n: i + 1, name: productName || '…' })} width={96} height={96} />
            <div className="photo-actions">
              {i > 0 ? (
                <button type="button" className="small" onClick={() => onChange((list) => move(list, i, 0))}>
                  <span aria-hidden="true">★</span>
                  <span className="visually-hidden">{t('catalog.makeCover', { n: i + 1 })}</span>
                </button>
              ) : null}
              <button
                type="button"
                className="small danger"
                aria-label={t('catalog.removePhoto', { n: i + 1 })}
                onClick={() => onChange((list) => list.filter((x) => x.id !== p.id))}
              >
                ×
              </button>
            </div>
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.key} className="uploading" aria-busy="true">
            <img src={p.preview} alt="" width={96} height={96} />
            <span className="upload-label">{t('catalog.uploading', { name: p.name })}</span>
          </li>
        ))}
        <li className="photo-add">
          <label htmlFor={inputId}>
            <span aria-hidden="true">+</span>
            {t('catalog.addPhoto')}
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            aria-describedby={hintId}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              if (files.length) void upload(files);
            }}
          />
        </li>
      </ul>
      {failures.map((f) => (
        <p key={f} className="error" role="alert">
          {f}
        </p>
      ))}
    </fieldset>
  );
}
