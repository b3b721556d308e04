/** The incident categories of the border-zone data, with the Spanish label a real export uses. */
export interface IncidentCategory {
  id: string;
  /** Label as in a Mexican state/federal incident export ("tipo"). */
  label: string;
  /** Unit of the seized quantity; null for events (homicides, confrontations) counted per record. */
  unit: 'kg' | 'units' | null;
}

export const INCIDENT_CATEGORIES: readonly IncidentCategory[] = [
  { id: 'homicide', label: 'Homicidio doloso', unit: null },
  { id: 'armed_confrontation', label: 'Enfrentamiento armado', unit: null },
  { id: 'seizure_marijuana', label: 'Aseguramiento de marihuana', unit: 'kg' },
  { id: 'seizure_cocaine', label: 'Aseguramiento de cocaína', unit: 'kg' },
  { id: 'seizure_fentanyl', label: 'Aseguramiento de fentanilo', unit: 'kg' },
  { id: 'seizure_methamphetamine', label: 'Aseguramiento de metanfetamina', unit: 'kg' },
  { id: 'seizure_firearms', label: 'Aseguramiento de armas de fuego', unit: 'units' },
  { id: 'seizure_magazines', label: 'Aseguramiento de cargadores', unit: 'units' },
  { id: 'seizure_cartridges', label: 'Aseguramiento de cartuchos', unit: 'units' },
  { id: 'seizure_vehicles', label: 'Aseguramiento de vehículos', unit: 'units' },
  { id: 'seizure_armored_vehicles', label: 'Aseguramiento de vehículos blindados', unit: 'units' },
];

