import { ApiProperty } from '@nestjs/swagger';

export class NoticeView {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) appealId: string | null;
  @ApiProperty() kind: string;
  @ApiProperty({ example: '交办通知' }) kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
  @ApiProperty() at: string;
  @ApiProperty() read: boolean;
}

export class NoticePage {
  @ApiProperty({ type: [NoticeView] }) items: NoticeView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
