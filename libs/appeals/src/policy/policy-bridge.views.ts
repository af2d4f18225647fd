import { ApiProperty } from '@nestjs/swagger';
import { DepartmentRef } from '../appeal/dto/appeal.views';

export class MatchedPolicyItem {
  @ApiProperty() itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty() policyTitle: string;
  @ApiProperty() department: string;
}

/** A theme many firms raised in a period (诉求转化为惠企举措, 未诉先办). */
export class PolicyTheme {
  @ApiProperty() category: string;
  @ApiProperty() categoryLabel: string;
  @ApiProperty({ type: [String], description: '主题关键词' }) terms: string[];
  @ApiProperty({ description: '反映该主题的企业数' }) firmCount: number;
  @ApiProperty() appealCount: number;
  @ApiProperty({ type: [String] }) appealIds: string[];
  @ApiProperty({ type: [String], description: '示例诉求标题' }) sampleTitles: string[];
  @ApiProperty({ type: [MatchedPolicyItem], description: '按关键词检索到的相关政策事项' }) matchingItems: MatchedPolicyItem[];
  @ApiProperty({ type: [DepartmentRef], description: '应提示的部门：相关政策的制定部门与该类别的默认牵头部门' }) departments: DepartmentRef[];
}

export class PolicyFlagView {
  @ApiProperty() id: string;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty() category: string;
  @ApiProperty() categoryLabel: string;
  @ApiProperty({ type: [String] }) terms: string[];
  @ApiProperty() firmCount: number;
  @ApiProperty({ type: [String] }) appealIds: string[];
  @ApiProperty({ type: DepartmentRef }) department: DepartmentRef;
  @ApiProperty({ type: [String] }) itemIds: string[];
  @ApiProperty({ enum: ['open', 'acknowledged'] }) status: string;
  @ApiProperty({ example: '待研究' }) statusLabel: string;
  @ApiProperty() createdAt: string;
}

export class PolicyLinkView {
  @ApiProperty() appealId: string;
  @ApiProperty() itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty() linkedAt: string;
  @ApiProperty({ nullable: true, type: String, description: '政策发布后通知企业的时间' }) notifiedAt: string | null;
}

/** A policy item still being drafted (draft or in review) that an appeal can be linked to. */
export class PolicyDraftCandidate {
  @ApiProperty() itemId: string;
  @ApiProperty() itemCode: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ description: '制定部门代码' }) department: string;
  @ApiProperty({ enum: ['draft', 'in_review'] }) status: string;
  @ApiProperty({ example: '起草中' }) statusLabel: string;
  @ApiProperty({ description: '本诉求已关联该事项' }) linked: boolean;
}
