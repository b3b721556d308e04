/** Every analysis tool of this build, in the order the panel lists them; each file registers itself. */
import './dbscanTool.tsx';
import './kdeTool.tsx';
import './gistarTool.tsx';
import './nniTool.tsx';
import './corridorsTool.tsx';
import './emergingTool.tsx';
import './areas/areasTool.tsx';
import '../compare/ComparePanel.tsx';
import './summary/SummaryPanel.tsx';
