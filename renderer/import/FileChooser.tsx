/** The first step: files dropped on the dialog, or chosen (a native dialog in Electron, a file input in the browser). */
import { useState } from 'react';
import { useWords } from '../i18n/language.tsx';

export function FileChooser(props: {
  /** Extensions to offer in the browser's file input (the files that start an import and those that travel with them). */
  accept: string[] | null;
  /** Electron's native dialog; absent in the browser. */
  pickPaths?: () => Promise<void>;
  onFiles: (files: FileList | File[]) => void;
}) {
  const { t } = useWords();
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={dragging ? 'drop-zone dragging' : 'drop-zone'}
      onDragOver={(e) => (e.preventDefault(), setDragging(true))}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        props.onFiles(e.dataTransfer.files);
      }}
    >
      <p>{t('import.drop')}</p>
      {props.pickPaths ? (
        <button className="primary" onClick={() => void props.pickPaths!()}>
          {t('import.choose')}
        </button>
      ) : (
        <input
          type="file"
          multiple
          data-testid="import-files"
          accept={props.accept ? props.accept.map((e) => `.${e}`).join(',') : undefined}
          onChange={(e) => e.target.files && props.onFiles(e.target.files)}
        />
      )}
    </div>
  );
}
