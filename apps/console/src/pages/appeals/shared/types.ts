import type { Schemas } from '../../../api/types';

/** The appeals API's views, by their names in the OpenAPI document. */
export type Appeal = Schemas['AppealView'];
export type TimelineNode = Schemas['AppealTimelineNode'];
export type Category = Schemas['CategoryView'];
export type SimilarAppeal = Schemas['SimilarAppeal'];
export type Letter = Schemas['LetterView'];
export type Extension = Schemas['ExtensionView'];
export type RankingResult = Schemas['RankingResult'];
export type RankingRow = Schemas['RankingRow'];
export type TrendPoint = Schemas['TrendPoint'];
export type PolicyTheme = Schemas['PolicyTheme'];
export type PolicyFlag = Schemas['PolicyFlagView'];
export type ReceptionDay = Schemas['ReceptionDayView'];
export type Registration = Schemas['RegistrationView'];
export type OfficerFirm = Schemas['OfficerFirmView'];
export type Visit = Schemas['VisitView'];
export type OverdueEntry = Schemas['OverdueEntry'];
export type Attachment = Schemas['AttachmentView'];
