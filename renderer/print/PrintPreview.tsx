/**
 * The print dialog's live preview: the very page that prints (renderer/briefing/BriefingPage.tsx)
 * laid out at paper size from the same model, then scaled to the dialog. It lives in a shadow
 * root so the sheet's print styles and the app's styles never meet; its map is drawn at screen
 * resolution (the print draws it at 250 dpi).
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { BriefingModel } from '../../shared/report/model.ts';
import { BriefingPage } from '../briefing/BriefingPage.tsx';
import { useWords } from '../i18n/language.tsx';
import { CSS_PX_PER_IN } from '../briefing/printMap.ts';
import sheetCss from '../briefing/briefing.css?inline';

const PREVIEW_DPI = 96;
/** The dialog's header, footer and margins around the preview, in CSS px. */
const PREVIEW_CHROME_PX = 190;
const noop = () => {};

export function PrintPreview({ model, basemapBase, onError }: { model: BriefingModel; basemapBase: string; onError: (e: unknown) => void }) {
  const { t } = useWords();
  const host = useRef<HTMLDivElement>(null);
  const [mount, setMount] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const el = host.current!;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    const style = document.createElement('style');
    style.textContent = sheetCss;
    const box = document.createElement('div');
    shadow.append(style, box);
    setMount(box);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  // The sheet keeps its size in CSS px (inches × 96): the preview scales it down whole.
  const sheetW = model.page.widthIn * CSS_PX_PER_IN;
  const sheetH = model.page.heightIn * CSS_PX_PER_IN;
  // The whole sheet in sight: as wide as the pane, but no taller than the window leaves room for.
  const maxHeight = Math.max(240, window.innerHeight - PREVIEW_CHROME_PX);
  const scale = width > 0 ? Math.min(width / sheetW, maxHeight / sheetH) : 0;
  // BriefingPage draws again when its callbacks change: give it one that never does.
  const latestError = useRef(onError);
  latestError.current = onError;
  const onErr = useCallback((e: unknown) => latestError.current(e), []);

  return (
    <div className="print-preview" ref={host} style={{ height: sheetH * scale }} data-testid="print-preview" aria-label={t('print.previewName')}>
      {mount &&
        scale > 0 &&
        createPortal(
          <div
            style={{
              width: sheetW,
              height: sheetH,
              transform: `translateX(${(width - sheetW * scale) / 2}px) scale(${scale})`,
              transformOrigin: '0 0',
              background: '#fff',
              boxShadow: '0 1px 6px rgba(0, 0, 0, 0.25)',
            }}
          >
            <BriefingPage model={model} basemapBase={basemapBase} onReady={noop} onError={onErr} mapDpi={PREVIEW_DPI} />
          </div>,
          mount,
        )}
    </div>
  );
}
