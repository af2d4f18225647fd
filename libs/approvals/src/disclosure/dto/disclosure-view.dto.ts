import { ApiProperty } from '@nestjs/swagger';

/** 公示 as the public reads it: firm name, item and amount — never a credit code, account, phone or fact. */
export class DisclosureRoundDto {
  @ApiProperty() id: string;
  @ApiProperty() itemName: string;
  @ApiProperty() departmentCode: string;
  @ApiProperty() openedAt: string;
  @ApiProperty({ description: '公示截止' }) endsAt: string;
  @ApiProperty({ description: '公示期（工作日）' }) workingDays: number;
  @ApiProperty({ description: '名单中的企业数' }) entries: number;
}

export class DisclosureEntryDto {
  @ApiProperty({ description: '异议时引用的编号' }) applicationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() itemName: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() amountText: string;
  @ApiProperty({ example: '公示中' }) status: string;
}

export class DisclosureRoundDetailDto extends DisclosureRoundDto {
  @ApiProperty({ type: [DisclosureEntryDto] }) list: DisclosureEntryDto[];
}

export class ObjectionReceiptDto {
  @ApiProperty() objectionId: string;
  @ApiProperty({ enum: ['open'] }) status: 'open';
}

export class ContactCodeIssuedDto {
  @ApiProperty({ description: '提交异议时带上，与短信验证码一起证明手机号属于异议人' }) verificationId: string;
  @ApiProperty({ description: '验证码失效时间' }) expiresAt: string;
}

/** An objection as the reviewing department handles it (the objector's contact masked). */
export class ObjectionViewDto {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '异议人联系方式（脱敏）' }) contactMasked: string | null;
  @ApiProperty({ enum: ['eligibility', 'data', 'duplicate', 'credit', 'other'] }) category: string;
  @ApiProperty({ type: String, nullable: true, enum: ['sms', 'login'], description: '异议人身份如何核实' }) verifiedBy: string | null;
  @ApiProperty() reason: string;
  @ApiProperty({ example: 'open' }) status: string;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) resolvedAt: string | null;
}
