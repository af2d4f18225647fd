import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/core';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactDefinitionDto } from './dto/fact-definition.dto';

@ApiTags('facts 条件项')
@Controller('facts')
export class FactsController {
  /** The fact registry: every fact an eligibility rule may use (public: the policy calculator needs it). */
  @Public()
  @Get()
  @ApiOkResponse({ type: [FactDefinitionDto] })
  list(): FactDefinitionDto[] {
    return ENTERPRISE_FACTS.map(({ column: _column, ...f }) => f);
  }
}
