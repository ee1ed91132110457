# A search under `mpirun -n 2` gives exactly the records and front of one process with the same
# seed. Run by CTest as MpiSearchEqualsOneProcess (label slow) with -DSERVESIM=<binary>
# -DMPIRUN=<mpirun> -DSPACE=<space file> -DWORK=<scratch directory>.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
execute_process(COMMAND "${SERVESIM}" explore "${SPACE}" --quiet --threads 1 --out "${WORK}/one"
                RESULT_VARIABLE one_result OUTPUT_QUIET)
execute_process(COMMAND "${MPIRUN}" --oversubscribe -n 2 "${SERVESIM}" explore "${SPACE}" --quiet
                        --threads 1 --out "${WORK}/mpi"
                RESULT_VARIABLE mpi_result OUTPUT_QUIET ERROR_VARIABLE mpi_error)
if(NOT one_result EQUAL 0 OR NOT mpi_result EQUAL 0)
  message(FATAL_ERROR "explore failed: one process ${one_result}, mpirun ${mpi_result}: ${mpi_error}")
endif()
foreach(file points.csv front.csv front.svg)
  file(READ "${WORK}/one/${file}" one)
  file(READ "${WORK}/mpi/${file}" mpi)
  if(NOT one STREQUAL mpi)
    message(FATAL_ERROR "${file} differs between one process and mpirun -n 2")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
