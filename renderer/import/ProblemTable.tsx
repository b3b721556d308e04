/** Problems of single records: the file, the row or feature, and the reason, one a line. */
import type { ImportProblem } from '../../shared/import/problems.ts';
import { useWords } from '../i18n/language.tsx';

export function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  const { t } = useWords();
  if (problems.length === 0) return null;
  return (
    <table className="problems" data-testid="import-problems">
      <thead>
        <tr>
          <th>{t('import.problems.file')}</th>
          <th>{t('import.problems.row')}</th>
          <th>{t('import.problems.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.file}</td>
            <td>{p.location ?? '—'}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
