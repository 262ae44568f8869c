import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../common/actor';
import { TaskListResponse } from './dto/task.response';
import { MyTasksService } from './my-tasks.service';

@ApiTags('change-requests')
@ApiBearerAuth()
@Controller('api/me')
export class MyTasksController {
  constructor(private readonly tasks: MyTasksService) {}

  @Get('tasks')
  @ApiOperation({ summary: 'Att göra: the requests on which the caller can act now, nearest deadline first' })
  @ApiOkResponse({ type: TaskListResponse })
  list(@CurrentActor() actor: Actor): Promise<TaskListResponse> {
    return this.tasks.tasks(actor);
  }
}
