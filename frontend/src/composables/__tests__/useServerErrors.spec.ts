import { defineComponent, h, nextTick, reactive } from 'vue'
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

/** ElFormItem debounces its error state (about 100 ms) before it renders the message. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250))
import { ElForm, ElFormItem, ElInput } from 'element-plus'
import { ApiProblem } from '@/api/http'
import { useServerErrors } from '../useServerErrors'

/** A two-field form wired like FacilityFormView: each item's `error` comes from the server errors. */
const Harness = defineComponent({
  setup(_, { expose }) {
    const model = reactive({ uscc: '', building: { floors: null as number | null } })
    const server = useServerErrors(() => ['uscc', 'building.floors'])
    expose({ server })
    return () =>
      h(ElForm, { model }, () => [
        h(ElFormItem, { prop: 'uscc', label: 'USCC', error: server.errors.value.uscc, 'data-testid': 'item-uscc' }, () =>
          h(ElInput, { modelValue: model.uscc }),
        ),
        h(
          ElFormItem,
          { prop: 'building.floors', label: 'Floors', error: server.errors.value['building.floors'], 'data-testid': 'item-floors' },
          () => h(ElInput, { modelValue: '' }),
        ),
      ])
  },
})

describe('server problem errors on an Element Plus form', () => {
  it('shows each reason under its own field', async () => {
    const wrapper = mount(Harness, { attachTo: document.body })
    const { server } = wrapper.vm as unknown as { server: ReturnType<typeof useServerErrors> }
    const placed = server.apply(
      new ApiProblem({
        status: 422,
        title: 'Unprocessable Content',
        detail: 'The request has invalid fields.',
        code: 'validation_failed',
        errors: [
          { field: 'body.uscc', reason: 'check character does not match' },
          { field: 'body.building.floors', reason: 'must be at least 1' },
        ],
      }),
    )
    await nextTick()
    await settle()
    expect(placed).toBe(true)
    expect(wrapper.get('[data-testid=item-uscc] .el-form-item__error').text()).toBe('check character does not match')
    expect(wrapper.get('[data-testid=item-floors] .el-form-item__error').text()).toBe('must be at least 1')

    server.clear()
    await nextTick()
    await settle()
    expect(wrapper.find('[data-testid=item-uscc] .el-form-item__error').exists()).toBe(false)
    wrapper.unmount()
  })

  it('places nothing when no error names a field of the form', () => {
    const wrapper = mount(Harness)
    const { server } = wrapper.vm as unknown as { server: ReturnType<typeof useServerErrors> }
    const placed = server.apply(
      new ApiProblem({ status: 409, title: 'Conflict', detail: 'already registered', errors: [{ field: 'body.other', reason: 'x' }] }),
    )
    expect(placed).toBe(false)
    expect(server.errors.value).toEqual({})
    wrapper.unmount()
  })
})
